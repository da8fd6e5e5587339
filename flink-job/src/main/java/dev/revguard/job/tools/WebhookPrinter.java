package dev.revguard.job.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.revguard.job.notify.WebhookSigner;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A small webhook receiver for the demo: prints one line per notification it gets and whether its
 * Standard Webhooks signature is valid. {@code java -cp revguard-job.jar dev.revguard.job.tools.WebhookPrinter
 * [port]}, secret from ALERT_WEBHOOK_SECRET.
 */
public final class WebhookPrinter {
    private WebhookPrinter() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9099;
        String secret = System.getenv("ALERT_WEBHOOK_SECRET");
        WebhookSigner signer = secret == null ? null : new WebhookSigner(secret);
        ObjectMapper json = new ObjectMapper();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = signer != null && id != null && ts != null && sig != null
                    && signer.verify(id, Long.parseLong(ts), body, sig);
            try {
                JsonNode alert = json.readTree(body).get("alerts").get(0);
                System.out.printf("[webhook] %s %-8s %-9s %s (signature %s, id %s)%n", Instant.now(),
                        alert.get("status").asText(), alert.get("labels").get("severity").asText(),
                        alert.get("annotations").get("summary").asText(), valid ? "valid" : "INVALID", id);
            } catch (RuntimeException e) {
                System.out.printf("[webhook] %s unreadable body (%d bytes)%n", Instant.now(), body.length());
            }
            System.out.flush();
            exchange.sendResponseHeaders(valid ? 200 : 401, -1);
            exchange.close();
        });
        server.start();
        System.out.println("[webhook] listening on http://127.0.0.1:" + port + "/hook");
    }
}
