package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query service with its database gone, through a TCP proxy between the service and PostgreSQL: first hung
 * (connections open, nothing answered), then cut (connections reset, new ones refused). {@code /health} and every
 * API route answer 503 with the service's JSON error within the configured timeouts, never 500 and never held
 * open; with the proxy restored every route answers 200 again by itself, no restart.
 *
 * <p>The panels' cache is off for the routes above ({@code PANEL_CACHE_MILLIS=0}), so every request meets the
 * database. A second instance keeps its panels for 2 s, as deployments do (5 s by default): a panel loaded less
 * than twice that ago is still answered from the cache while the database is away, as it would be with the
 * database up (no older than the cache always allows, so still correct); after that it is a 503 like the rest.
 */
class DatabaseOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ACQUIRE = Duration.ofSeconds(2);
    private static final Duration QUERY = Duration.ofSeconds(3);
    /** Scheduling on a shared 2-core machine, the proxy's threads, HTTP. */
    private static final Duration MARGIN = Duration.ofMillis(1500);

    private static TcpProxy proxy;
    private static final Duration PANEL_CACHE = Duration.ofSeconds(2);
    private static TestData data;
    private static TestData cached;

    @BeforeAll
    static void setUp() throws Exception {
        URI pg = URI.create(TestData.URL.substring("jdbc:".length()));
        proxy = TcpProxy.start(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort());
        String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + pg.getPath()
                + (pg.getRawQuery() == null ? "" : "?" + pg.getRawQuery());
        data = new TestData(false, Map.of(
                "DATABASE_URL", viaProxy,
                "DATABASE_ACQUIRE_TIMEOUT", ACQUIRE.toMillis() + "ms",
                "DATABASE_QUERY_TIMEOUT", QUERY.toSeconds() + "s"));
        cached = new TestData(false, Map.of(
                "DATABASE_URL", viaProxy,
                "DATABASE_ACQUIRE_TIMEOUT", ACQUIRE.toMillis() + "ms",
                "DATABASE_QUERY_TIMEOUT", QUERY.toSeconds() + "s",
                "PANEL_CACHE_MILLIS", Long.toString(PANEL_CACHE.toMillis())));
    }

    @AfterAll
    static void tearDown() throws Exception {
        proxy.restore();
        data.close();
        cached.close();
        proxy.close();
    }

    private record Call(String name, String method, String path, String token, String body, int expectedUp) {}

    private static List<Call> calls() {
        String report = "{\"from\":\"2026-11-23T00:00:00Z\",\"to\":\"2026-11-24T00:00:00Z\"}";
        return List.of(
                new Call("health", "GET", "/health", null, null, 200),
                new Call("risk", "GET", "/api/v1/risk", TestData.VIEWER, null, 200),
                new Call("risk top", "GET", "/api/v1/risk/top?dimension=sending_domain", TestData.VIEWER, null, 200),
                new Call("trend", "GET", "/api/v1/deliverability/trend?dimension=all&from=2026-11-24T10:00:00Z"
                        + "&to=2026-11-24T11:00:00Z&step=15m", TestData.VIEWER, null, 200),
                new Call("alerts", "GET", "/api/v1/alerts", TestData.VIEWER, null, 200),
                new Call("summary", "GET", "/api/v1/summary", TestData.VIEWER, null, 200),
                new Call("cost", "GET", "/api/v1/cost?month=2026-11", TestData.VIEWER, null, 200),
                new Call("efficiency", "GET", "/api/v1/efficiency", TestData.VIEWER, null, 200),
                new Call("reputation", "GET", "/api/v1/reputation?dimension=sending_domain", TestData.VIEWER, null, 200),
                new Call("decisions", "GET", "/api/v1/decisions", TestData.VIEWER, null, 200),
                new Call("reports", "GET", "/api/v1/reports", TestData.VIEWER, null, 200),
                new Call("ack", "POST", "/api/v1/alerts/" + TestData.FIRING_ALERT + "/ack", TestData.OPERATOR, null, 200),
                new Call("make report", "POST", "/api/v1/reports", TestData.OPERATOR, report, 201));
    }

    private record Answer(Call call, int status, String body, long millis, String retryAfter) {}

    private static Answer send(HttpClient http, int port, Call c) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.path()))
                .timeout(Duration.ofSeconds(20));
        if (c.token() != null) r.header("Authorization", "Bearer " + c.token());
        if ("POST".equals(c.method())) {
            r.header("Content-Type", "application/json")
                    .POST(c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(c, response.statusCode(), response.body(), (System.nanoTime() - start) / 1_000_000,
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (Exception e) {
            return new Answer(c, -1, e.toString(), (System.nanoTime() - start) / 1_000_000, null);
        }
    }

    /** Every call at once, as a room of dashboards would: each answer with its time. */
    private static List<Answer> sendAll(HttpClient http, int port, List<Call> calls) {
        List<CompletableFuture<Answer>> pending = new ArrayList<>();
        for (Call c : calls) {
            pending.add(CompletableFuture.supplyAsync(() -> send(http, port, c)));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private static void assertUnavailable(List<Answer> answers, Duration within, String phase) throws Exception {
        Map<String, Long> times = new LinkedHashMap<>();
        for (Answer a : answers) {
            times.put(a.call().name(), a.millis());
            assertThat(a.status()).as(phase + ": " + a.call().name() + " " + a.body()).isEqualTo(503);
            JsonNode body = JSON.readTree(a.body());
            if (a.call().name().equals("health")) {
                assertThat(body.get("status").asText()).isEqualTo("unavailable");
            } else {
                assertThat(body.get("error").asText()).as(a.body()).isEqualTo("database_unavailable");
                assertThat(body.get("detail").asText()).isNotBlank();
                assertThat(a.retryAfter()).as(a.call().name() + ": Retry-After").isEqualTo("5");
            }
            assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(a.millis()).as(phase + ": " + a.call().name() + " answered within " + within.toMillis() + " ms")
                    .isLessThan(within.toMillis());
        }
        LOG.info("{}: 503 from every route, slowest {} ms (ms per route: {})", phase,
                times.values().stream().mapToLong(Long::longValue).max().orElse(0), times);
    }

    /** Polls every call until each has answered as when the database is up; the time that took. */
    private static long awaitRecovered(HttpClient http, int port, List<Call> calls, Duration limit) throws Exception {
        long start = System.nanoTime();
        List<Call> waiting = new ArrayList<>(calls);
        Map<String, Long> recoveredAt = new LinkedHashMap<>();
        while (!waiting.isEmpty()) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsed).as("still not answering: " + waiting).isLessThan(limit.toMillis());
            for (Answer a : sendAll(http, port, waiting)) {
                if (a.status() == a.call().expectedUp()) {
                    waiting.remove(a.call());
                    recoveredAt.put(a.call().name(), (System.nanoTime() - start) / 1_000_000);
                } else {
                    assertThat(a.status()).as(a.call().name() + " while recovering: " + a.body()).isIn(503);
                }
            }
            if (!waiting.isEmpty()) Thread.sleep(200);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        LOG.info("recovered: every route answers again {} ms after the database came back (ms per route: {})", took, recoveredAt);
        return took;
    }

    @Test
    void everyRouteAnswers503WithinTheTimeoutsAndRecoversByItself() throws Exception {
        Javalin app = data.app(Clock.fixed(TestData.NOW, ZoneOffset.UTC));
        app.start(0);
        Javalin withCache = cached.app(Clock.fixed(TestData.NOW, ZoneOffset.UTC));
        withCache.start(0);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            int port = app.port();
            List<Call> reads = calls().stream().filter(c -> c.method().equals("GET")).toList();
            for (Answer a : sendAll(http, port, reads)) {
                assertThat(a.status()).as(a.call().name() + " before the outage: " + a.body()).isEqualTo(a.call().expectedUp());
            }
            Call cost = calls().stream().filter(c -> c.name().equals("cost")).findFirst().orElseThrow();
            Answer costLoaded = send(http, withCache.port(), cost);
            long costLoadedAt = System.nanoTime();
            assertThat(costLoaded.status()).isEqualTo(200);

            // Hung: the connections stay open and nothing comes back. Bounded by the query timeout (+1 s, the
            // driver's socket timeout) for a request holding a connection, by the acquire timeout for one waiting.
            proxy.stall();
            Answer fromCache = send(http, withCache.port(), cost);
            assertThat(fromCache.status()).as("a panel loaded just now, from the cache").isEqualTo(200);
            assertThat(fromCache.body()).isEqualTo(costLoaded.body());
            assertUnavailable(sendAll(http, port, calls()), QUERY.plusSeconds(1).plus(ACQUIRE).plus(MARGIN), "database hung");
            Thread.sleep(Math.max(0, 2 * PANEL_CACHE.toMillis() + 100 - (System.nanoTime() - costLoadedAt) / 1_000_000));
            Answer expired = send(http, withCache.port(), cost);
            assertThat(expired.status()).as("the cached panel, twice its cache time later: " + expired.body()).isEqualTo(503);
            assertThat(expired.millis()).isLessThan(QUERY.plusSeconds(1).plus(ACQUIRE).plus(MARGIN).toMillis());
            LOG.info("cached panel: answered from the cache {} ms after the database hung, 503 in {} ms once older than "
                    + "twice PANEL_CACHE_MILLIS", fromCache.millis(), expired.millis());

            // Cut: connections reset, new ones refused.
            proxy.cut();
            assertUnavailable(sendAll(http, port, calls()), ACQUIRE.plus(MARGIN), "database cut");
            assertUnavailable(sendAll(http, port, calls()), ACQUIRE.plus(MARGIN), "database still cut");

            proxy.restore();
            long recovered = awaitRecovered(http, port, calls(), Duration.ofSeconds(20));
            assertThat(recovered).isLessThan(20_000);

            JsonNode acked = JSON.readTree(send(http, port, calls().stream().filter(c -> c.name().equals("ack")).findFirst()
                    .orElseThrow()).body());
            assertThat(acked.get("acknowledged_by").asText()).as(acked.toString()).isEqualTo("alice");
        } finally {
            app.stop();
            withCache.stop();
        }
    }
}
