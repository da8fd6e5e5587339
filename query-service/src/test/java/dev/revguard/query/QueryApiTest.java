package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint against the real PostgreSQL with rows the test inserted, driven over HTTP. */
class QueryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestData data;

    @BeforeAll
    static void setUp() throws Exception {
        data = new TestData(false);
    }

    @AfterAll
    static void tearDown() throws Exception {
        data.close();
    }

    private static Javalin app() {
        return data.app(Clock.fixed(TestData.NOW, ZoneOffset.UTC));
    }

    private static Response get(HttpClient client, String path, String token) {
        return client.get(path, r -> {
            if (token != null) r.header("Authorization", "Bearer " + token);
        });
    }

    private static Response post(HttpClient client, String path, String token) {
        return client.request(path, r -> {
            r.post(HttpRequest.BodyPublishers.noBody());
            if (token != null) r.header("Authorization", "Bearer " + token);
        });
    }

    private static JsonNode json(Response r) {
        try {
            return JSON.readTree(r.body().string());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body().string(), e);
        }
    }

    private static void assertError(Response r, int status, String error, String parameter) {
        assertThat(r.code()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).isEqualTo(error);
        if (parameter != null) {
            assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        }
        assertThat(body.get("detail").asText()).isNotBlank();
        assertThat(r.body().string()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void theGaugeShowsTheLatestEvaluation() {
        JavalinTest.test(app(), (server, client) -> {
            Response r = get(client, "/api/v1/risk", TestData.VIEWER);
            assertThat(r.code()).isEqualTo(200);
            JsonNode g = json(r);
            assertThat(g.get("dimension").asText()).isEqualTo("all");
            assertThat(g.get("value").asText()).isEqualTo("all");
            assertThat(g.get("severity").asText()).isEqualTo("critical");
            assertThat(g.get("colour").asText()).isEqualTo("red");
            assertThat(g.get("revenue_risk_usd").asDouble()).isEqualTo(12345.67);
            assertThat(g.get("bounce_rate").asDouble()).isEqualTo(0.17);
            assertThat(g.get("spam_rate").asDouble()).isEqualTo(0.005);
            assertThat(g.get("deliverability_rate").asDouble()).isEqualTo(0.8);
            assertThat(g.get("monthly_volume").asDouble()).isEqualTo(28_800_000.0);
            assertThat(g.get("sent").asLong()).isEqualTo(10000);
            assertThat(g.get("evaluated_at").asText()).isEqualTo("2026-11-24T12:00:00Z");
            assertThat(g.get("data_age_seconds").asLong()).isEqualTo(20);

            JsonNode d = json(get(client, "/api/v1/risk?dimension=sending_domain&value=mail.two.example", TestData.VIEWER));
            assertThat(d.get("severity").asText()).isEqualTo("warning");
            assertThat(d.get("colour").asText()).isEqualTo("orange");
            JsonNode old = json(get(client, "/api/v1/risk?dimension=sending_domain&value=mail.old.example", TestData.VIEWER));
            assertThat(old.get("colour").asText()).isEqualTo("grey");
            assertThat(old.get("data_age_seconds").asLong()).isEqualTo(3 * 3600 + 20);
        });
    }

    @Test
    void badGaugeParametersAreNamed() {
        JavalinTest.test(app(), (server, client) -> {
            assertError(get(client, "/api/v1/risk?dimension=country&value=x", TestData.VIEWER), 400, "bad_parameter", "dimension");
            assertError(get(client, "/api/v1/risk?dimension=sending_domain", TestData.VIEWER), 400, "bad_parameter", "value");
            assertError(get(client, "/api/v1/risk?dimension=sending_domain&value=" + "x".repeat(300), TestData.VIEWER),
                    400, "bad_parameter", "value");
            assertError(get(client, "/api/v1/risk?dimension=sending_domain&value=mail.none.example", TestData.VIEWER),
                    404, "not_found", "value");
        });
    }

    @Test
    void topListsTheWorstFirst() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode top = json(get(client, "/api/v1/risk/top?dimension=sending_domain&limit=4", TestData.VIEWER));
            assertThat(top.get("items")).extracting(n -> n.get("value").asText())
                    .containsExactly("mail.one.example", "mail.two.example", "mail.four.example", "mail.three.example");
            assertThat(json(get(client, "/api/v1/risk/top?dimension=sending_domain", TestData.VIEWER)).get("items")).hasSize(5);
            assertError(get(client, "/api/v1/risk/top?dimension=sending_domain&limit=0", TestData.VIEWER), 400, "bad_parameter", "limit");
            assertError(get(client, "/api/v1/risk/top?limit=ten", TestData.VIEWER), 400, "bad_parameter", "limit");
            assertError(get(client, "/api/v1/risk/top?dimension=planet", TestData.VIEWER), 400, "bad_parameter", "dimension");
        });
    }

    @Test
    void theTrendSumsMinuteWindowsPerStep() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode t = json(get(client, "/api/v1/deliverability/trend?dimension=all&from=2026-11-24T10:00:00Z"
                    + "&to=2026-11-24T11:00:00Z&step=15m", TestData.VIEWER));
            assertThat(t.get("points")).hasSize(4);
            JsonNode first = t.get("points").get(0);
            assertThat(first.get("start").asText()).isEqualTo("2026-11-24T10:00:00Z");
            // minutes 0..14: sent 100..114, bounced i % 10, delivered 90 each, complaints i % 2
            assertThat(first.get("sent").asLong()).isEqualTo(1605);
            assertThat(first.get("bounced").asLong()).isEqualTo(55);
            assertThat(first.get("delivered").asLong()).isEqualTo(1350);
            assertThat(first.get("spam_complaints").asLong()).isEqualTo(7);
            assertThat(first.get("bounce_rate").asDouble()).isEqualTo(55.0 / 1605);
            assertThat(first.get("spam_rate").asDouble()).isEqualTo(7.0 / 1350);

            JsonNode defaults = json(get(client, "/api/v1/deliverability/trend", TestData.VIEWER));
            assertThat(defaults.get("step").asText()).isEqualTo("PT5M");
            assertThat(defaults.get("to").asText()).isEqualTo("2026-11-24T12:01:00Z");
            // Steps start at from (06:01): 10:00-11:59 falls into the steps 09:56, 10:01, ..., 11:56.
            assertThat(defaults.get("points")).hasSize(25);
            assertThat(defaults.get("points").get(0).get("start").asText()).isEqualTo("2026-11-24T09:56:00Z");
            assertThat(defaults.get("points").get(0).get("sent").asLong()).isEqualTo(100); // minute 10:00 only

            assertError(get(client, "/api/v1/deliverability/trend?step=30s", TestData.VIEWER), 400, "bad_parameter", "step");
            assertError(get(client, "/api/v1/deliverability/trend?step=90s", TestData.VIEWER), 400, "bad_parameter", "step");
            assertError(get(client, "/api/v1/deliverability/trend?step=1m&from=2026-11-01T00:00:00Z", TestData.VIEWER),
                    400, "bad_parameter", "step");
            assertError(get(client, "/api/v1/deliverability/trend?from=yesterday", TestData.VIEWER), 400, "bad_parameter", "from");
            assertError(get(client, "/api/v1/deliverability/trend?from=2026-11-24T12:00:00Z&to=2026-11-24T11:00:00Z",
                    TestData.VIEWER), 400, "bad_parameter", "from");
            assertError(get(client, "/api/v1/deliverability/trend?dimension=account", TestData.VIEWER), 400, "bad_parameter", "value");
        });
    }

    @Test
    void trendStepsStartAtFromAndNeverCoverTimeOutsideTheRequest() {
        JavalinTest.test(app(), (server, client) -> {
            // 10:00 to 22:00 in 240-minute steps: 10:00 and 14:00 (no data after 12:00), not 08:00 and 12:00.
            JsonNode t = json(get(client, "/api/v1/deliverability/trend?dimension=all&from=2026-11-24T10:00:00Z"
                    + "&to=2026-11-24T22:00:00Z&step=240m", TestData.VIEWER));
            assertThat(t.get("points")).extracting(p -> p.get("start").asText()).containsExactly("2026-11-24T10:00:00Z");
            // minutes 0..119: sent 100..219
            assertThat(t.get("points").get(0).get("sent").asLong()).isEqualTo(120 * 100 + 119 * 120 / 2);
            // from 10:30: the first step holds 10:30-11:29 only
            JsonNode half = json(get(client, "/api/v1/deliverability/trend?dimension=all&from=2026-11-24T10:30:00Z"
                    + "&to=2026-11-24T11:30:00Z&step=60m", TestData.VIEWER));
            assertThat(half.get("points")).hasSize(1);
            assertThat(half.get("points").get(0).get("start").asText()).isEqualTo("2026-11-24T10:30:00Z");
            assertThat(half.get("points").get(0).get("sent").asLong()).isEqualTo(60 * 130 + 59 * 60 / 2);
        });
    }

    @Test
    void trendsOfWholeHoursAndDaysReadTheRollups() throws Exception {
        // Rollup rows that differ from any minute rows, so the answer shows which table it read.
        data.exec("""
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              is_final) VALUES
            ('provider', 'ses', '2026-11-24T10:00:00Z', '2026-11-24T11:00:00Z', 1000, 900, 50, true),
            ('provider', 'ses', '2026-11-24T11:00:00Z', '2026-11-24T12:00:00Z', 2000, 1800, 20, true);
            INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              is_final) VALUES
            ('provider', 'ses', '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z', 40000, 39000, 100, true);
            INSERT INTO deliverability_window (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              is_final)
            SELECT 'provider', 'ses', t, t + interval '1 minute', 10, 9, 1, true
            FROM generate_series(timestamptz '2026-11-24T12:00:00Z', timestamptz '2026-11-24T12:29:00Z', interval '1 minute') AS t;
            """);
        JavalinTest.test(app(), (server, client) -> {
            JsonNode h = json(get(client, "/api/v1/deliverability/trend?dimension=provider&value=ses"
                    + "&from=2026-11-24T10:00:00Z&to=2026-11-24T12:30:00Z&step=1h", TestData.VIEWER));
            assertThat(h.get("rollup").asText()).isEqualTo("deliverability_hourly");
            assertThat(h.get("points")).extracting(p -> p.get("sent").asLong()).containsExactly(1000L, 2000L, 300L);
            JsonNode d = json(get(client, "/api/v1/deliverability/trend?dimension=provider&value=ses"
                    + "&from=2026-11-23T00:00:00Z&to=2026-11-24T12:30:00Z&step=1d", TestData.VIEWER));
            assertThat(d.get("rollup").asText()).isEqualTo("deliverability_daily");
            // 11-23 from the daily row; 11-24 00:00-12:30 from the minute rows (the hourly rows are not read here)
            assertThat(d.get("points")).extracting(p -> p.get("sent").asLong()).containsExactly(40000L, 300L);
            JsonNode m = json(get(client, "/api/v1/deliverability/trend?dimension=provider&value=ses"
                    + "&from=2026-11-24T12:00:00Z&to=2026-11-24T12:30:00Z&step=10m", TestData.VIEWER));
            assertThat(m.get("rollup").isNull()).isTrue();
            assertThat(m.get("points")).extracting(p -> p.get("sent").asLong()).containsExactly(100L, 100L, 100L);
        });
    }

    @Test
    void unknownValuesAreNotFoundAndNulBytesAreBadParameters() {
        JavalinTest.test(app(), (server, client) -> {
            assertError(get(client, "/api/v1/deliverability/trend?dimension=sending_domain&value=mail.none.example",
                    TestData.VIEWER), 404, "not_found", "value");
            assertError(get(client, "/api/v1/risk?dimension=sending_domain&value=nul%00byte", TestData.VIEWER),
                    400, "bad_parameter", "value");
            assertError(get(client, "/api/v1/deliverability/trend?dimension=sending_domain&value=nul%00byte",
                    TestData.VIEWER), 400, "bad_parameter", "value");
            assertError(get(client, "/api/v1/risk?dimension=sending_domain&value=bad%C3%28utf8", TestData.VIEWER),
                    400, "bad_parameter", "value");
        });
    }

    @Test
    void dollarTotalsAreRoundedToCents() throws Exception {
        data.exec("""
            INSERT INTO risk_snapshot (dimension, dimension_value, window_from, evaluated_at, sent, delivered, bounced,
              soft_bounced, deferred, dropped, spam_complaints, bounce_rate, spam_rate, deliverability_rate,
              monthly_volume, revenue_risk_usd, severity, policy, updated_at) VALUES
            ('account', 'acct-cents', '2026-11-24T11:45:00Z', '2026-11-24T12:00:00Z', 1000, 900, 60, 0, 0, 0, 0,
              0.06, 0.0, 0.9, 2880000, 38972.40641711231, 'monitor', 'seed', '2026-11-24T12:00:10Z')
            """);
        JavalinTest.test(app(), (server, client) -> {
            JsonNode g = json(get(client, "/api/v1/risk?dimension=account&value=acct-cents", TestData.VIEWER));
            assertThat(g.get("revenue_risk_usd").asText()).isEqualTo("38972.41");
            assertThat(g.get("bounce_rate").asDouble()).isEqualTo(0.06);
        });
    }

    @Test
    void alertsAreListedAndOperatorsAcknowledge() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode all = json(get(client, "/api/v1/alerts", TestData.VIEWER));
            assertThat(all.get("items")).extracting(n -> n.get("alert_id").asText())
                    .containsExactly(TestData.FIRING_ALERT, TestData.RESOLVED_ALERT);
            JsonNode firing = json(get(client, "/api/v1/alerts?status=firing", TestData.VIEWER));
            assertThat(firing.get("items")).hasSize(1);
            assertThat(firing.get("items").get(0).get("revenue_risk_usd").asDouble()).isEqualTo(5000.0);
            assertError(get(client, "/api/v1/alerts?status=open", TestData.VIEWER), 400, "bad_parameter", "status");

            assertError(post(client, "/api/v1/alerts/" + TestData.FIRING_ALERT + "/ack", TestData.VIEWER), 403, "forbidden", null);
            Response ack = post(client, "/api/v1/alerts/" + TestData.FIRING_ALERT + "/ack", TestData.OPERATOR);
            assertThat(ack.code()).isEqualTo(200);
            assertThat(json(ack).get("acknowledged_by").asText()).isEqualTo("alice");
            assertThat(json(ack).get("acknowledged_at").isNull()).isFalse();
            // The first acknowledgement stays.
            assertThat(json(post(client, "/api/v1/alerts/" + TestData.FIRING_ALERT + "/ack", TestData.ADMIN))
                    .get("acknowledged_by").asText()).isEqualTo("alice");
            assertError(post(client, "/api/v1/alerts/alr_ffffffffffffffffffff/ack", TestData.OPERATOR), 404, "not_found", "id");
            assertError(post(client, "/api/v1/alerts/not-an-id/ack", TestData.OPERATOR), 400, "bad_parameter", "id");
        });
    }

    @Test
    void everyApiRouteNeedsAValidToken() {
        JavalinTest.test(app(), (server, client) -> {
            for (String path : new String[] {"/api/v1/risk", "/api/v1/risk/top", "/api/v1/deliverability/trend",
                    "/api/v1/alerts", "/metrics"}) {
                assertError(get(client, path, null), 401, "unauthorized", "Authorization");
                assertError(get(client, path, "not-a-token"), 401, "unauthorized", "Authorization");
            }
            assertError(post(client, "/api/v1/alerts/" + TestData.FIRING_ALERT + "/ack", null), 401, "unauthorized", null);
            assertThat(get(client, "/api/v1/risk", null).headers().get("www-authenticate")).containsExactly("Bearer realm=\"revguard\"");
            assertThat(get(client, "/health", null).code()).isEqualTo(200);
            assertThat(json(get(client, "/health", null)).get("status").asText()).isEqualTo("ok");
            assertThat(get(client, "/openapi.json", null).body().string()).contains("\"openapi\"").contains("/api/v1/alerts/{id}/ack");
            assertThat(get(client, "/", null).body().string()).contains("<title>revguard");
            assertError(get(client, "/api/v1/nothing-here", TestData.VIEWER), 404, "not_found", null);
        });
    }

    @Test
    void theOpenApiDescriptionHasExactlyTheServedRoutes() throws Exception {
        JsonNode spec;
        try (InputStream in = QueryApiTest.class.getResourceAsStream("/public/openapi.json")) {
            spec = JSON.readTree(in);
        }
        java.util.Set<String> described = new java.util.TreeSet<>();
        spec.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> described.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
        Javalin app = app();
        JavalinTest.test(app, (server, client) -> {
            java.util.Set<String> served = new java.util.TreeSet<>();
            for (var e : app.unsafe.internalRouter.allHttpHandlers()) {
                String method = e.endpoint.method.name();
                if (method.equals("GET") || method.equals("POST") || method.equals("PUT") || method.equals("DELETE")) {
                    served.add(method + " " + e.endpoint.path);
                }
            }
            assertThat(served).contains("GET /api/v1/reputation", "GET /api/v1/summary", "GET /api/v1/decisions",
                    "GET /api/v1/decisions/{id}");
            assertThat(described).isEqualTo(served);
        });
    }

    @Test
    void sqlInjectionAttemptsAreJustValues() {
        JavalinTest.test(app(), (server, client) -> {
            assertError(get(client, "/api/v1/risk?dimension=sending_domain&value=mail.one.example'%20OR%20'1'='1",
                    TestData.VIEWER), 404, "not_found", "value");
            assertError(get(client, "/api/v1/risk?dimension=all;DROP%20TABLE%20alerts;--", TestData.VIEWER),
                    400, "bad_parameter", "dimension");
            assertError(get(client, "/api/v1/alerts?status=firing'--", TestData.VIEWER), 400, "bad_parameter", "status");
            assertError(post(client, "/api/v1/alerts/alr_1'%3BDELETE%20FROM%20alerts%3B--/ack", TestData.OPERATOR),
                    400, "bad_parameter", "id");
            assertError(get(client, "/api/v1/deliverability/trend?dimension=account&value=x')%20UNION%20SELECT%201--",
                    TestData.VIEWER), 404, "not_found", "value");
            assertThat(json(get(client, "/api/v1/alerts", TestData.VIEWER)).get("items")).hasSize(2);
        });
    }

    @Test
    void metricsCountRequestsPerRouteAndThePool() {
        JavalinTest.test(app(), (server, client) -> {
            get(client, "/api/v1/risk", TestData.VIEWER);
            get(client, "/api/v1/risk/top", TestData.VIEWER);
            String text = get(client, "/metrics", TestData.VIEWER).body().string();
            assertThat(text).contains("revguard_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/risk\",status=\"200\"}");
            assertThat(text).contains("revguard_http_requests_seconds{method=\"GET\",route=\"/api/v1/risk/top\",status=\"200\",quantile=\"0.99\"}");
            assertThat(text).contains("hikaricp_connections_active{pool=\"revguard-read\"}");
        });
    }

    @Test
    void healthIs503WhenTheDatabaseIsUnreachable() throws Exception {
        ServiceConfig down = ServiceConfig.parse(new String[0], Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none",
                "ALLOW_ANONYMOUS", "true"));
        try (Database unreachable = new Database(down, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            Javalin app = App.create(unreachable.readJdbi(), unreachable.writeJdbi(), down, data.metrics, Clock.systemUTC());
            JavalinTest.test(app, (server, client) -> {
                Response r = get(client, "/health", null);
                assertThat(r.code()).isEqualTo(503);
                assertThat(json(r).get("database").asText()).isEqualTo("unreachable");
                Response api = get(client, "/api/v1/risk", null);
                assertError(api, 503, "database_unavailable", null);
            });
        }
    }

    @Test
    void anonymousAccessIsForDemosOnlyAndReadOnly() throws Exception {
        try (TestData demo = new TestData(true)) {
            Javalin app = demo.app(Clock.systemUTC());
            JavalinTest.test(app, (server, client) -> {
                assertThat(get(client, "/api/v1/risk", null).code()).isEqualTo(200);
                assertError(post(client, "/api/v1/alerts/" + TestData.FIRING_ALERT + "/ack", null), 403, "forbidden", null);
            });
        }
    }

    @Test
    void theStreamPushesTheGaugeAndItsChanges() {
        JavalinTest.test(app(), (server, client) -> {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/risk/stream?dimension=sending_domain&value=mail.two.example&access_token=" + TestData.VIEWER))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(res.statusCode()).isEqualTo(200);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                String first = nextEvent(in);
                assertThat(first).contains("event: gauge").contains("\"severity\":\"warning\"");
                data.exec("UPDATE risk_snapshot SET severity = 'critical', revenue_risk_usd = 20000, updated_at = now() "
                        + "WHERE dimension_value = 'mail.two.example'");
                String second = nextEvent(in);
                assertThat(second).contains("event: gauge").contains("\"severity\":\"critical\"").contains("20000");
            } finally {
                data.exec("UPDATE risk_snapshot SET severity = 'warning', revenue_risk_usd = 9000, "
                        + "updated_at = '2026-11-24T12:00:10Z' WHERE dimension_value = 'mail.two.example'");
            }
            Response denied = get(client, "/api/v1/risk/stream", null);
            assertThat(denied.code()).isEqualTo(401);
        });
    }

    private static String nextEvent(BufferedReader in) throws java.io.IOException {
        StringBuilder event = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (event.toString().contains("event:")) return event.toString();
                event.setLength(0);
                continue;
            }
            event.append(line).append('\n');
        }
        return event.toString();
    }
}
