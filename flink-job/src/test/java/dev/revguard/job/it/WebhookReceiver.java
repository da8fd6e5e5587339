package dev.revguard.job.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP receiver of webhooks inside the test (the JDK's HttpServer) that records every request. */
final class WebhookReceiver implements AutoCloseable {
    enum Behaviour { OK, FAIL_FIRST_ATTEMPTS, NEVER_ANSWER }

    /** One request as it arrived. */
    record Request(String webhookId, String timestamp, String signature, String body, int answeredWith) {}

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger failuresLeft;
    private final CountDownLatch closing = new CountDownLatch(1);

    WebhookReceiver(Behaviour behaviour, int failures) throws IOException {
        this.failuresLeft = new AtomicInteger(failures);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = switch (behaviour) {
                case OK -> 200;
                case FAIL_FIRST_ATTEMPTS -> failuresLeft.getAndDecrement() > 0 ? 503 : 200;
                case NEVER_ANSWER -> 0;
            };
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, status));
            }
            if (status == 0) {
                try {
                    closing.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The ids of accepted requests, in the order they were accepted. */
    List<String> deliveredIds() {
        return requests().stream().filter(r -> r.answeredWith() == 200).map(Request::webhookId).toList();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
