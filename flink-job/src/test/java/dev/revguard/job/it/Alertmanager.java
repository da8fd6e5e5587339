package dev.revguard.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}) on a free local port, without
 * clustering, routing every alert to one webhook receiver; stopped and started again on the same storage.
 */
final class Alertmanager implements AutoCloseable {
    static final String BINARY = "/usr/bin/prometheus-alertmanager";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    private Alertmanager(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Alertmanager grouping by sender, with README's inhibition rules, sending to {@code receiverUrl}. */
    static Alertmanager start(Path dir, String receiverUrl) throws Exception {
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: on-call
                  group_by: [alertname, dimension, dimension_value]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: on-call
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                %s""".formatted(receiverUrl, inhibitRules()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Alertmanager am = new Alertmanager(dir, port);
        am.startProcess();
        return am;
    }

    /** The inhibition rules README gives, as they are there. */
    static String inhibitRules() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("inhibit_rules:");
        int end = readme.indexOf("```", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("README.md gives no inhibit_rules block");
        }
        return readme.substring(start, end);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void startProcess() throws Exception {
        process = new ProcessBuilder(BINARY, "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=info")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
                .start();
        Await.until("Alertmanager ready", Duration.ofSeconds(30), () -> {
            try {
                return get("/-/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGTERM, as a service manager stops it; its storage (silences, notification log) stays. */
    void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Silences every alert whose {@code label} is {@code value} for an hour; the silence's id. */
    String silence(String label, String value) throws Exception {
        String body = JSON.writeValueAsString(JSON.createObjectNode()
                .put("startsAt", Instant.now().toString())
                .put("endsAt", Instant.now().plus(Duration.ofHours(1)).toString())
                .put("createdBy", "on-call")
                .put("comment", "maintenance of " + value)
                .set("matchers", JSON.createArrayNode().add(JSON.createObjectNode()
                        .put("name", label).put("value", value).put("isRegex", false).put("isEqual", true))));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/silences"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("silence refused: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("silenceID").asText();
    }

    /** Posts alerts as any client of the API does. */
    int post(String alertsJson) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/alerts"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alertsJson)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The alerts Alertmanager holds (active, silenced and inhibited alike). */
    JsonNode alerts() throws Exception {
        HttpResponse<String> r = get("/api/v2/alerts?silenced=true&inhibited=true&active=true&unprocessed=true");
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
