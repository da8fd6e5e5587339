package dev.revguard.job.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on one fixed port that can be down in the ways receivers are: not listening (connections
 * refused), listening but never answering (the sender's timeout), answering 503; and up again, on the same URL.
 * Records every request that reached it, as {@link WebhookReceiver} does.
 */
final class OutageReceiver implements AutoCloseable {
    enum Mode { REFUSED, HANGING, UNAVAILABLE, UP }

    private final int port;
    private final List<WebhookReceiver.Request> requests = new ArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private volatile Mode mode = Mode.REFUSED;
    private volatile CountDownLatch hung = new CountDownLatch(1);
    private HttpServer server;

    /** Down from the start: the port is reserved for its URL, nothing listens on it. */
    OutageReceiver() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    Mode mode() {
        return mode;
    }

    synchronized void set(Mode next) throws IOException {
        if (next == Mode.REFUSED && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Mode.REFUSED && server == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.setExecutor(handlers);
            server.createContext("/hook", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Mode now = mode;
                int status = switch (now) {
                    case UP -> 200;
                    case UNAVAILABLE -> 503;
                    default -> 0;
                };
                synchronized (requests) {
                    requests.add(new WebhookReceiver.Request(exchange.getRequestHeaders().getFirst("webhook-id"),
                            exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                            exchange.getRequestHeaders().getFirst("webhook-signature"), body, status));
                }
                if (status == 0) {
                    CountDownLatch release = hung;
                    try {
                        release.await(60, TimeUnit.SECONDS);
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
        Mode previous = mode;
        mode = next;
        if (previous == Mode.HANGING && next != Mode.HANGING) {
            CountDownLatch release = hung;
            hung = new CountDownLatch(1);
            release.countDown();
        }
    }

    List<WebhookReceiver.Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The ids of accepted requests, in the order they were accepted. */
    List<String> deliveredIds() {
        return requests().stream().filter(r -> r.answeredWith() == 200).map(WebhookReceiver.Request::webhookId).toList();
    }

    @Override
    public synchronized void close() {
        hung.countDown();
        if (server != null) {
            server.stop(0);
            server = null;
        }
        handlers.shutdownNow();
    }
}
