package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code scripts/demo.sh} for a bounded time: the API must answer a gauge with data while it
 * runs, and every process it started must be gone when it ends.
 */
class DemoSmokeIT {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSmokeIT.class);
    private static final int PORT = 7081;
    private static final int RECEIVER_PORT = 9181;
    private static final String TOKEN = "demo-smoke-token-" + ProcessHandle.current().pid();
    private static final String SCHEMA = "revguard_demo_smoke";

    @Test
    void theDemoServesAGaugeAndLeavesNothingRunning() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        boolean kafkaWasRunning = open(9092);
        Path log = Path.of("target", "demo-smoke.log").toAbsolutePath();
        forgetEarlierRuns(repo);
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("scripts/demo.sh").toString(), "--duration", "40")
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("DEMO_TOKEN", TOKEN);
        pb.environment().put("DEMO_PORT", Integer.toString(PORT));
        pb.environment().put("DEMO_RECEIVER_PORT", Integer.toString(RECEIVER_PORT));
        pb.environment().put("DATABASE_URL", TestData.URL);
        pb.environment().put("DATABASE_SCHEMA", SCHEMA);
        Process demo = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String gauge = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<ProcessHandle> children = List.of();
            while (System.nanoTime() < deadline && demo.isAlive()) {
                children = demo.descendants().toList().isEmpty() ? children : demo.descendants().toList();
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/risk"))
                            .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    // The first evaluations hold the first partial minute: wait for one with enough volume.
                    if (r.statusCode() == 200 && !r.body().contains("\"severity\":\"insufficient_data\"")) {
                        gauge = r.body();
                        break;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                Thread.sleep(1000);
            }
            assertThat(gauge).as("a gauge with data from the demo; log: %s", log).isNotNull();
            assertThat(gauge).contains("\"dimension\":\"all\"").containsPattern("\"severity\":\"(healthy|monitor|warning|critical)\"");
            LOG.info("Demo gauge: {}", gauge);

            assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as("the demo ends after its duration").isTrue();
            assertThat(demo.exitValue()).isZero();
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
                assertThat(child.isAlive()).as("process %s stopped", child.info().commandLine().orElse("?")).isFalse();
            }
            assertThat(open(PORT)).as("query service stopped").isFalse();
            assertThat(open(RECEIVER_PORT)).as("webhook receiver stopped").isFalse();
            if (!kafkaWasRunning) {
                assertThat(open(9092)).as("the Kafka broker the demo started is stopped").isFalse();
            }
            String output = Files.readString(log);
            assertThat(output).contains("Dashboard:  http://127.0.0.1:" + PORT + "/#token=" + TOKEN).contains("stopped;");
        } finally {
            demo.destroy();
        }
    }

    /** The gauge must come from this run's events: no rows or checkpoints of an earlier run. */
    private static void forgetEarlierRuns(Path repo) throws Exception {
        try (Connection c = DriverManager.getConnection(TestData.URL, "postgres", null); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        Path checkpoints = repo.resolve(".local/demo/checkpoints-" + SCHEMA);
        if (Files.exists(checkpoints)) {
            try (var paths = Files.walk(checkpoints)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static boolean open(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
