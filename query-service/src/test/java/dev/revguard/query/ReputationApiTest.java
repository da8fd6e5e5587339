package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/reputation} and the gauge's reputation against the real PostgreSQL, at
 * {@link TestData#NOW} (2026-11-24T12:00:30Z): the trailing week is [11-17T12:00:30, 11-24T12:00:30),
 * the previous [11-10T12:00:30, 11-17T12:00:30).
 */
class ReputationApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestData data;

    @BeforeAll
    static void setUp() throws Exception {
        data = new TestData(false);
        // Daily rollups: 11-20 is in the trailing week, 11-12 in the previous one, 11-08 in neither (16 days ago).
        data.exec("""
            INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              spam_complaints, is_final)
            SELECT 'sending_ip', v, d, d + interval '1 day', sent, delivered, bounced, spam, true
            FROM (VALUES
              ('192.0.2.10', timestamptz '2026-11-20T00:00:00Z', 12000, 11500, 700, 3),
              ('192.0.2.10', timestamptz '2026-11-12T00:00:00Z', 11000, 10800, 110, 1),
              ('192.0.2.20', timestamptz '2026-11-20T00:00:00Z', 5000, 4900, 50, 0),
              ('192.0.2.30', timestamptz '2026-11-20T00:00:00Z', 999, 999, 0, 0),
              ('192.0.2.40', timestamptz '2026-11-20T00:00:00Z', 2000, 1900, 100, 6),
              ('192.0.2.40', timestamptz '2026-11-12T00:00:00Z', 2000, 1960, 40, 0),
              ('192.0.2.50', timestamptz '2026-11-12T00:00:00Z', 3000, 2970, 30, 0),
              ('192.0.2.60', timestamptz '2026-11-08T00:00:00Z', 9000, 9000, 0, 0),
              ('mail.one.example', timestamptz '2026-11-21T00:00:00Z', 4000, 3000, 1000, 0)) AS r(v, d, sent, delivered, bounced, spam);
            UPDATE deliverability_daily SET dimension = 'sending_domain' WHERE dimension_value = 'mail.one.example';
            -- the last day's hours: 1,000 more for .20 in the open hour's minute 12:00 (inside the week, which ends at 12:00:30)
            INSERT INTO deliverability_window (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              spam_complaints, is_final) VALUES
            ('sending_ip', '192.0.2.20', '2026-11-24T12:00:00Z', '2026-11-24T12:01:00Z', 1000, 1000, 0, 0, false);
            INSERT INTO risk_snapshot (dimension, dimension_value, window_from, evaluated_at, sent, delivered, bounced,
              soft_bounced, deferred, dropped, spam_complaints, bounce_rate, spam_rate, deliverability_rate,
              monthly_volume, revenue_risk_usd, severity, policy, updated_at) VALUES
            ('sending_ip', '192.0.2.10', '2026-11-24T11:45:00Z', '2026-11-24T12:00:00Z', 1000, 940, 60, 0, 0, 0, 0,
              0.06, 0.0, 0.94, 2880000, 8640, 'monitor', 'seed', '2026-11-24T12:00:10Z'),
            ('sending_ip', '198.51.100.7', '2026-11-24T11:45:00Z', '2026-11-24T12:00:00Z', 1000, 1000, 0, 0, 0, 0, 0,
              0.0, 0.0, 1.0, 2880000, 0, 'healthy', 'seed', '2026-11-24T12:00:10Z');
            """);
    }

    @AfterAll
    static void tearDown() throws Exception {
        data.close();
    }

    private static Javalin app() {
        return data.app(Clock.fixed(TestData.NOW, ZoneOffset.UTC));
    }

    private static JsonNode get(HttpClient client, String path, int status) {
        Response r = client.get(path, req -> req.header("Authorization", "Bearer " + TestData.VIEWER));
        String body = r.body().string();
        assertThat(r.code()).as(body).isEqualTo(status);
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    @Test
    void everyIpWithSendsInTwoWeeksIsRatedWorstFirst() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode r = get(client, "/api/v1/reputation", 200);
            assertThat(r.get("dimension").asText()).isEqualTo("sending_ip");
            assertThat(r.get("as_of").asText()).isEqualTo("2026-11-24T12:00:30Z");
            assertThat(r.get("window").get("from").asText()).isEqualTo("2026-11-17T12:00:30Z");
            assertThat(r.get("window").get("to").asText()).isEqualTo("2026-11-24T12:00:30Z");
            assertThat(r.get("previous_window").get("from").asText()).isEqualTo("2026-11-10T12:00:30Z");
            assertThat(r.get("formula").asText())
                    .isEqualTo("round(100 × max(0, 1 − 0.6 × min(1, spam_rate / 0.003) − 0.4 × min(1, bounce_rate / 0.10)))");
            assertThat(r.get("thresholds").get("bad").get("spam_rate").asDouble()).isEqualTo(0.003);
            assertThat(r.get("thresholds").get("low").get("bounce_rate").asDouble()).isEqualTo(0.05);
            assertThat(r.get("thresholds").get("medium").get("spam_rate").asDouble()).isEqualTo(0.0005);
            assertThat(r.get("thresholds").get("min_sent").asLong()).isEqualTo(1000);
            JsonNode counts = r.get("counts");
            assertThat(counts.fieldNames()).toIterable().containsExactly("high", "medium", "low", "bad", "insufficient_data");
            assertThat(counts.get("high").asInt()).isEqualTo(1);
            assertThat(counts.get("low").asInt()).isEqualTo(1);
            assertThat(counts.get("bad").asInt()).isEqualTo(1);
            assertThat(counts.get("insufficient_data").asInt()).isEqualTo(2);

            // .40 bad (spam 6/1,900 = 0.32 %): 100 × (1 − 0.6 × 1 − 0.4 × 0.05/0.10) = 20; previous bounce 2 %: medium, 92.
            // .10 low (bounce 700/12,000 = 5.8 %): 100 × (1 − 0.6 × (3/11,500)/0.003 − 0.4 × 0.0583/0.10) = 71.4 → 71;
            //     previous 1 % bounce, spam 1/10,800: 100 × (1 − 0.0185 − 0.04) = 94.
            // .20 high: 5,000 + 1,000 (the open minute) sent, 50 bounced: 100 × (1 − 0.4 × (50/6,000)/0.10) = 96.7 → 97.
            // .30 999 sent: insufficient_data; .50 sent only in the previous week; .60 sent 16 days ago: not listed.
            JsonNode values = r.get("values");
            assertThat(values).extracting(v -> v.get("value").asText())
                    .containsExactly("192.0.2.40", "192.0.2.10", "192.0.2.20", "192.0.2.30", "192.0.2.50");
            assertThat(values).extracting(v -> v.get("category").asText())
                    .containsExactly("bad", "low", "high", "insufficient_data", "insufficient_data");
            assertThat(values).extracting(v -> v.get("score").isNull() ? "null" : v.get("score").asText())
                    .containsExactly("20", "71", "97", "null", "null");
            assertThat(values).extracting(v -> v.get("trend").isNull() ? "null" : v.get("trend").asText())
                    .containsExactly("declining", "declining", "new", "new", "null");
            JsonNode ten = values.get(1);
            assertThat(ten.get("sent").asLong()).isEqualTo(12000);
            assertThat(ten.get("delivered").asLong()).isEqualTo(11500);
            assertThat(ten.get("bounced").asLong()).isEqualTo(700);
            assertThat(ten.get("spam_complaints").asLong()).isEqualTo(3);
            assertThat(ten.get("bounce_rate").asDouble()).isEqualTo(700.0 / 12000);
            assertThat(ten.get("spam_rate").asDouble()).isEqualTo(3.0 / 11500);
            JsonNode prev = ten.get("previous");
            assertThat(prev.get("category").asText()).isEqualTo("high");
            assertThat(prev.get("score").asInt()).isEqualTo(94);
            assertThat(prev.get("sent").asLong()).isEqualTo(11000);
            assertThat(prev.get("bounce_rate").asDouble()).isEqualTo(0.01);
            assertThat(prev.get("spam_rate").asDouble()).isEqualTo(1.0 / 10800);
            assertThat(values.get(2).get("previous").get("category").asText()).isEqualTo("insufficient_data");
            assertThat(values.get(2).get("previous").get("sent").asLong()).isZero();
        });
    }

    @Test
    void domainsAreRatedAndOtherDimensionsAreBadParameters() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode d = get(client, "/api/v1/reputation?dimension=sending_domain", 200);
            assertThat(d.get("dimension").asText()).isEqualTo("sending_domain");
            // 1,000 of 4,000 bounced (25 %): bad; 100 × (1 − 0 − 0.4 × 1) = 60 (spam 0 of 3,000)
            assertThat(d.get("values")).hasSize(1);
            assertThat(d.get("values").get(0).get("category").asText()).isEqualTo("bad");
            assertThat(d.get("values").get(0).get("score").asInt()).isEqualTo(60);
            for (String bad : new String[] {"account", "all", "planet", "sending_ip%00"}) {
                JsonNode e = get(client, "/api/v1/reputation?dimension=" + bad, 400);
                assertThat(e.get("error").asText()).isEqualTo("bad_parameter");
                assertThat(e.get("parameter").asText()).isEqualTo("dimension");
            }
        });
    }

    @Test
    void theGaugeOfAnIpOrDomainCarriesItsReputation() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode g = get(client, "/api/v1/risk?dimension=sending_ip&value=192.0.2.10", 200);
            assertThat(g.get("severity").asText()).isEqualTo("monitor");
            JsonNode rep = g.get("reputation");
            assertThat(rep.get("category").asText()).isEqualTo("low");
            assertThat(rep.get("score").asInt()).isEqualTo(71);
            assertThat(rep.get("sent").asLong()).isEqualTo(12000);
            assertThat(rep.get("bounce_rate").asDouble()).isEqualTo(700.0 / 12000);
            assertThat(rep.get("spam_rate").asDouble()).isEqualTo(3.0 / 11500);
            assertThat(rep.get("trend").asText()).isEqualTo("declining");
            assertThat(get(client, "/api/v1/risk?dimension=sending_domain&value=mail.one.example", 200)
                    .get("reputation").get("category").asText()).isEqualTo("bad");
            // an IP with an evaluation but no sends in 14 days, and another dimension: null
            assertThat(get(client, "/api/v1/risk?dimension=sending_ip&value=198.51.100.7", 200).get("reputation").isNull()).isTrue();
            assertThat(get(client, "/api/v1/risk", 200).get("reputation").isNull()).isTrue();
            JsonNode top = get(client, "/api/v1/risk/top?dimension=sending_ip", 200);
            assertThat(top.get("items").get(0).get("value").asText()).isEqualTo("192.0.2.10");
            assertThat(top.get("items").get(0).get("reputation").get("score").asInt()).isEqualTo(71);
        });
    }
}
