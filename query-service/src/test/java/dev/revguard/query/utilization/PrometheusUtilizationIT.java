package dev.revguard.query.utilization;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client against a real Prometheus scraping a real node exporter every second, both started here
 * on free local ports (Debian's prometheus and prometheus-node-exporter; .ci/run installs them), with
 * only seconds of data: the case of a Prometheus or a server that has just started.
 */
class PrometheusUtilizationIT {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusUtilizationIT.class);
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
    private static final int SAMPLES = 8;

    @TempDir
    static Path dir;

    private static Process exporter;
    private static Process prometheus;
    private static String prometheusUrl;
    private static String instance;

    @BeforeAll
    static void start() throws Exception {
        assertThat(PROMETHEUS).as("prometheus is installed (.ci/run installs Debian's prometheus)").exists();
        assertThat(NODE_EXPORTER).as("the node exporter is installed (.ci/run installs prometheus-node-exporter)").exists();
        long started = System.nanoTime();
        int exporterPort = freePort();
        int prometheusPort = freePort();
        instance = "127.0.0.1:" + exporterPort;
        prometheusUrl = "http://127.0.0.1:" + prometheusPort;

        // Only the collectors the utilization reads: the rest (systemd, for one) fail noisily here.
        exporter = new ProcessBuilder(NODE_EXPORTER.toString(), "--web.listen-address=" + instance,
                "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo", "--collector.filesystem",
                "--collector.netdev", "--collector.time")
                .redirectErrorStream(true).redirectOutput(dir.resolve("node-exporter.log").toFile()).start();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: node
                    static_configs:
                      - targets: ['%s']
                """.formatted(instance));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

        // Enough samples of the exporter's clock for increase() and delta() over them.
        String enough = "count_over_time(node_time_seconds{instance=\"" + instance + "\"}[1h]) >= " + SAMPLES;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answers(http, enough)) {
            assertThat(prometheus.isAlive()).as("prometheus runs; see " + dir.resolve("prometheus.log")).isTrue();
            assertThat(exporter.isAlive()).as("the node exporter runs; see " + dir.resolve("node-exporter.log")).isTrue();
            assertThat(System.nanoTime()).as("%d samples scraped within 60 s", SAMPLES).isLessThan(deadline);
            Thread.sleep(250);
        }
        LOG.info("Prometheus {} has {} samples of {} after {} ms", prometheusUrl, SAMPLES, instance,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : new Process[] {prometheus, exporter}) {
            if (p == null) continue;
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void measuresTheScrapedServerAndNothingForOthers() {
        PrometheusClient client = new PrometheusClient(prometheusUrl, Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        VpsUsageReport report = client.usage(List.of(
                new VpsTarget("vps-scraped", instance, 1000.0),
                new VpsTarget("vps-unknown", "10.255.0.1:9100", 1000.0),
                new VpsTarget("vps-no-metrics", null, 1000.0)), Instant.now());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(report.source()).as(report.reason()).isEqualTo("prometheus");
        assertThat(report.reason()).isNull();
        VpsUsage scraped = report.vps().get(0);
        LOG.info("Utilization of {} in {} ms: cpu {} memory {} disk {} network {} (detail {})", instance, millis,
                scraped.cpu(), scraped.memory(), scraped.disk(), scraped.network(), scraped.detail());
        assertThat(scraped.metrics()).isEqualTo("found");
        assertThat(scraped.detail()).isNull();
        for (Utilization u : List.of(scraped.cpu(), scraped.memory(), scraped.disk(), scraped.network())) {
            assertThat(u.lastHour()).isNotNull().isBetween(0.0, 1.0);
            assertThat(u.peak7d()).isNotNull().isBetween(0.0, 1.0).isGreaterThanOrEqualTo(u.lastHour());
        }
        // A fresh series must not read as a nearly idle-less CPU (rate() over a range it only partly fills).
        assertThat(scraped.cpu().lastHour()).isLessThan(0.999);
        assertThat(scraped.memory().lastHour()).isGreaterThan(0.0);
        assertThat(scraped.disk().lastHour()).isGreaterThan(0.0);

        VpsUsage unknown = report.vps().get(1);
        assertThat(unknown.metrics()).isEqualTo("none");
        assertThat(unknown.detail()).isEqualTo("no series for instance 10.255.0.1:9100");
        assertThat(List.of(unknown.cpu(), unknown.memory(), unknown.disk(), unknown.network())).containsOnly(Utilization.UNKNOWN);
        VpsUsage none = report.vps().get(2);
        assertThat(none.metrics()).isEqualTo("none");
        assertThat(none.network()).isEqualTo(Utilization.UNKNOWN);
    }

    @Test
    void cpuAndNetworkMatchTheRawSamples() throws Exception {
        // The same shares computed here from the raw samples of the last hour: counter growth over the
        // time the samples span, with no extrapolation.
        Instant now = Instant.now();
        HttpClient http = HttpClient.newHttpClient();
        String selector = "{instance=\"" + instance + "\"}[1h]";
        double idle = 0;
        double all = 0;
        for (JsonNode series : range(http, "node_cpu_seconds_total" + selector, now)) {
            double growth = growth(series.path("values"));
            all += growth;
            if ("idle".equals(series.path("metric").path("mode").asText())) {
                idle += growth;
            }
        }
        double bytesPerSecond = 0;
        for (String counter : List.of("node_network_receive_bytes_total", "node_network_transmit_bytes_total")) {
            for (JsonNode series : range(http, counter + "{device!~\"" + UsageQueries.VIRTUAL_INTERFACES + "\",instance=\""
                    + instance + "\"}[1h]", now)) {
                JsonNode values = series.path("values");
                double span = values.get(values.size() - 1).get(0).asDouble() - values.get(0).get(0).asDouble();
                bytesPerSecond += growth(values) / span;
            }
        }
        VpsUsage usage = new PrometheusClient(prometheusUrl).usage(List.of(new VpsTarget("vps", instance, 1000.0)), now).vps().get(0);
        double clientBytesPerSecond = usage.network().lastHour() * 1000 * 125_000;
        LOG.info("From raw samples: cpu busy {} (client {}), network {} B/s (client {} B/s)",
                1 - idle / all, usage.cpu().lastHour(), bytesPerSecond, clientBytesPerSecond);
        assertThat(usage.cpu().lastHour()).isCloseTo(1 - idle / all, org.assertj.core.data.Offset.offset(0.005));
        assertThat(clientBytesPerSecond).isCloseTo(bytesPerSecond, org.assertj.core.data.Offset.offset(Math.max(100, 0.05 * bytesPerSecond)));
    }

    @Test
    void nothingListeningIsUnavailableAtOnce() throws Exception {
        int port = freePort();
        PrometheusClient client = new PrometheusClient("http://127.0.0.1:" + port, Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        VpsUsageReport report = client.usage(List.of(new VpsTarget("vps", instance, 1000.0)), Instant.now());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LOG.info("Nothing listening: '{}' after {} ms", report.reason(), millis);
        assertThat(report.source()).isEqualTo("unavailable");
        assertThat(report.reason()).isEqualTo("cannot connect to http://127.0.0.1:" + port + " (connection refused)");
        assertThat(report.vps()).singleElement().satisfies(u -> assertThat(u.cpu()).isEqualTo(Utilization.UNKNOWN));
        assertThat(millis).isLessThan(1000);
    }

    @Test
    void aServerThatNeverAnswersIsUnavailableWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            PrometheusClient client = new PrometheusClient("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(1000));
            long t0 = System.nanoTime();
            VpsUsageReport report = client.usage(List.of(new VpsTarget("vps", instance, 1000.0)), Instant.now());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            LOG.info("Silent server: '{}' after {} ms", report.reason(), millis);
            assertThat(report.source()).isEqualTo("unavailable");
            assertThat(report.reason()).isEqualTo("no answer from http://127.0.0.1:" + silent.getLocalPort() + " within 1000 ms");
            assertThat(millis).isBetween(900L, 1500L);
        }
    }

    @Test
    void noUrlIsUnavailable() {
        VpsUsageReport report = new PrometheusClient(null).usage(List.of(new VpsTarget("vps", instance, 1000.0)), Instant.now());
        assertThat(report.source()).isEqualTo("unavailable");
        assertThat(report.reason()).isEqualTo("PROMETHEUS_URL is not set");
        assertThat(report.vps()).singleElement().satisfies(u -> assertThat(u.metrics()).isEqualTo("unavailable"));
    }

    private static boolean answers(HttpClient http, String promql) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && new ObjectMapper().readTree(r.body()).path("data").path("result").size() > 0;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static JsonNode range(HttpClient http, String promql, Instant at) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + at.toEpochMilli() / 1000.0)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = new ObjectMapper().readTree(r.body()).path("data").path("result");
        assertThat(result.size()).as("series of " + promql).isPositive();
        return result;
    }

    /** How much a counter grew over its samples, counting through resets. */
    private static double growth(JsonNode values) {
        double growth = 0;
        for (int i = 1; i < values.size(); i++) {
            double before = values.get(i - 1).get(1).asDouble();
            double after = values.get(i).get(1).asDouble();
            growth += after >= before ? after - before : after;
        }
        return growth;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
