package dev.revguard.query.utilization;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;
import dev.revguard.query.utilization.UsageQueries.Resource;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a fake Prometheus: parsing, clamping, failures. The real one is in PrometheusUtilizationIT. */
class PrometheusClientTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.250Z");

    private HttpServer server;
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(int status, Function<String, String> body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/prom/api/v1/query", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = new java.util.HashMap<>();
            for (String pair : form.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            seen.put(params.get("query"), params.get("time") + " " + params.get("timeout") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + exchange.getRequestMethod());
            byte[] out = body.apply(params.get("query")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/prom/";
    }

    private static String vector(String instance, String value) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"instance\":\""
                + instance + "\"},\"value\":[1740830400.25,\"" + value + "\"]}]}}";
    }

    /** The value the fake answers for each of the eight queries. */
    private static String answer(String query) {
        String matcher = UsageQueries.instanceMatcher(List.of("10.0.0.5:9100"));
        Map<String, String> values = Map.of(
                UsageQueries.lastHour(Resource.CPU, matcher), "0.25",
                UsageQueries.peak7d(Resource.CPU, matcher), "0.2", // below the hour: raised to it
                UsageQueries.lastHour(Resource.MEMORY, matcher), "0.5",
                UsageQueries.peak7d(Resource.MEMORY, matcher), "1.3", // clamped
                UsageQueries.lastHour(Resource.DISK, matcher), "NaN",
                UsageQueries.peak7d(Resource.DISK, matcher), "+Inf",
                UsageQueries.lastHour(Resource.NETWORK, matcher), "1250000", // 10 Mbit/s
                UsageQueries.peak7d(Resource.NETWORK, matcher), "6250000");
        return vector("10.0.0.5:9100", values.get(query));
    }

    @Test
    void readsEachResourceOfEachTarget() throws Exception {
        String url = serve(200, PrometheusClientTest::answer);
        VpsUsageReport report = new PrometheusClient(url, Duration.ofSeconds(2)).usage(List.of(
                new VpsTarget("vps-1", "10.0.0.5:9100", 100.0),
                new VpsTarget("vps-2", null, 100.0)), NOW);

        assertThat(report.source()).isEqualTo("prometheus");
        assertThat(report.reason()).isNull();
        VpsUsage one = report.vps().get(0);
        assertThat(one.metrics()).isEqualTo("found");
        assertThat(one.cpu()).isEqualTo(new Utilization(0.25, 0.25));
        assertThat(one.memory()).isEqualTo(new Utilization(0.5, 1.0));
        assertThat(one.disk()).isEqualTo(Utilization.UNKNOWN);
        assertThat(one.network()).isEqualTo(new Utilization(0.1, 0.5));
        assertThat(one.detail()).isEqualTo("no series for disk");
        VpsUsage two = report.vps().get(1);
        assertThat(two.metrics()).isEqualTo("none");
        assertThat(two.detail()).isEqualTo("metrics_instance is not set");
        assertThat(two.cpu()).isEqualTo(Utilization.UNKNOWN);

        assertThat(seen).hasSize(8);
        assertThat(seen.values()).allMatch(v -> v.equals("1740830400.250 2000ms null POST"));
    }

    @Test
    void withoutCapacityTheNetworkIsUnknown() throws Exception {
        String url = serve(200, PrometheusClientTest::answer);
        VpsUsage usage = new PrometheusClient(url).usage(List.of(new VpsTarget("vps-1", "10.0.0.5:9100", null)), NOW).vps().get(0);
        assertThat(usage.network()).isEqualTo(Utilization.UNKNOWN);
        assertThat(usage.cpu().lastHour()).isEqualTo(0.25);
        assertThat(usage.detail()).contains("network_mbps is not set");
    }

    @Test
    void credentialsAreSentButNeverShown() throws Exception {
        String url = serve(503, q -> "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"shutting down\"}")
                .replace("http://", "http://reader:s3cret@");
        VpsUsageReport report = new PrometheusClient(url).usage(List.of(new VpsTarget("vps-1", "10.0.0.5:9100", 100.0)), NOW);
        assertThat(report.source()).isEqualTo("unavailable");
        assertThat(report.reason()).contains("answered HTTP 503: shutting down").contains("127.0.0.1").doesNotContain("s3cret");
        assertThat(report.vps()).singleElement().satisfies(u -> {
            assertThat(u.metrics()).isEqualTo("unavailable");
            assertThat(u.cpu()).isEqualTo(Utilization.UNKNOWN);
        });
        String basic = java.util.Base64.getEncoder().encodeToString("reader:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(seen.values()).allMatch(v -> v.contains("Basic " + basic));
    }

    @Test
    void aBodyThatIsNotAQueryResultIsUnavailable() throws Exception {
        String url = serve(200, q -> "<html>login</html>");
        VpsUsageReport report = new PrometheusClient(url).usage(List.of(new VpsTarget("vps-1", "10.0.0.5:9100", 100.0)), NOW);
        assertThat(report.source()).isEqualTo("unavailable");
        assertThat(report.reason()).endsWith("answered with a body that is not JSON");
    }

    @Test
    void aMalformedUrlIsReportedNotThrown() {
        VpsUsageReport report = new PrometheusClient("localhost:9090").usage(List.of(), NOW);
        assertThat(report.source()).isEqualTo("unavailable");
        assertThat(report.reason()).isEqualTo("PROMETHEUS_URL is not an http(s) URL with a host");
    }

    @Test
    void instancesAreMatchedLiterally() {
        assertThat(UsageQueries.instanceMatcher(List.of("10.0.0.5:9100", "odd\"name\\x", "10.0.0.5:9100")))
                .isEqualTo("instance=~\"10\\\\.0\\\\.0\\\\.5:9100|odd\\\"name\\\\\\\\x\"");
    }

    @Test
    void theJsonReadsInSnakeCase() throws Exception {
        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        VpsUsageReport report = new VpsUsageReport("prometheus", null, NOW, List.of(new VpsUsage("vps-1", "10.0.0.5:9100",
                "found", null, new Utilization(0.1, 0.2), Utilization.UNKNOWN, Utilization.UNKNOWN, Utilization.UNKNOWN)));
        assertThat(json.writeValueAsString(report)).isEqualTo("{\"source\":\"prometheus\",\"reason\":null,"
                + "\"measured_at\":\"2025-03-01T12:00:00.250Z\",\"vps\":[{\"instance_id\":\"vps-1\","
                + "\"metrics_instance\":\"10.0.0.5:9100\",\"metrics\":\"found\",\"detail\":null,"
                + "\"cpu\":{\"last_hour\":0.1,\"peak_7d\":0.2},\"memory\":{\"last_hour\":null,\"peak_7d\":null},"
                + "\"disk\":{\"last_hour\":null,\"peak_7d\":null},\"network\":{\"last_hour\":null,\"peak_7d\":null}}]}");
    }
}
