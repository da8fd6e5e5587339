package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/summary} against the real PostgreSQL, with rows placed relative to now (the
 * summary view reads the database's clock): hour rows 5 hours ago (this period) and 30 hours ago (the
 * previous one), with their daily rollups, and every expected figure computed by hand.
 */
class SummaryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = 1e-9;
    private static TestData data;
    private static Instant h30;

    @BeforeAll
    static void setUp() throws Exception {
        data = new TestData(false);
        h30 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(30));
        data.exec("""
            DELETE FROM alerts;
            UPDATE risk_snapshot SET severity = 'monitor', revenue_risk_usd = 321.09 WHERE dimension = 'all';
            CREATE TEMP TABLE t AS SELECT date_trunc('hour', now()) - interval '5 hours' AS h5,
              date_trunc('hour', now()) - interval '30 hours' AS h30;
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT d, v, CASE WHEN now5 THEN h5 ELSE h30 END, CASE WHEN now5 THEN h5 ELSE h30 END + interval '1 hour',
              sent, delivered, bounced, spam, true
            FROM t, (VALUES
              ('all', 'all', true, 10000, 9500, 300, 19),
              ('all', 'all', false, 8000, 7800, 80, 4),
              ('sending_ip', '10.0.0.1', true, 6000, 5900, 60, 0),
              ('sending_ip', '10.0.0.2', true, 3000, 2800, 200, 0),
              ('sending_ip', '10.0.0.3', true, 500, 500, 0, 0),
              ('sending_ip', 'unknown', true, 500, 500, 0, 0),
              ('account', 'acct-a', false, 1000, 980, 20, 0),
              ('account', 'acct-b', false, 50, 40, 10, 0),
              ('account', 'acct-d', false, 1000, 880, 120, 0),
              ('account', 'acct-e', false, 500, 400, 100, 0)) AS r(d, v, now5, sent, delivered, bounced, spam);
            INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT dimension, dimension_value, date_trunc('day', window_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
              (date_trunc('day', window_start AT TIME ZONE 'UTC') + interval '1 day') AT TIME ZONE 'UTC', sum(sent),
              sum(delivered), sum(bounced), sum(spam_complaints), false
            FROM deliverability_hourly WHERE window_start >= now() - interval '3 days' GROUP BY 1, 2, 3, 4;
            INSERT INTO risk_snapshot (dimension, dimension_value, window_from, evaluated_at, sent, delivered, bounced,
              soft_bounced, deferred, dropped, spam_complaints, bounce_rate, spam_rate, deliverability_rate,
              monthly_volume, revenue_risk_usd, severity, policy, updated_at)
            SELECT 'account', a, now() - interval '15 minutes', now(), 1000, 800, 200, 0, 0, 0, 0, 0.2, 0.0, 0.8, 2880000,
              usd, sev, 'seed', now()
            FROM (VALUES ('acct-a', 'critical', 77.1), ('acct-b', 'warning', 40.0), ('acct-c', 'critical', 90.0),
              ('acct-d', 'healthy', 1.0)) AS r(a, sev, usd);
            INSERT INTO subscriptions (account_id, plan, mrr_usd, status, started_on) VALUES
            ('acct-a', 'pro', 1000, 'active', '2026-01-01'), ('acct-b', 'team', 500, 'active', '2026-01-01'),
            ('acct-c', 'team', 300, 'past_due', '2026-01-01'), ('acct-d', 'team', 200, 'active', '2026-01-01'),
            ('acct-e', 'solo', 100, 'active', '2026-01-01');
            INSERT INTO vps_instances (instance_id, name, monthly_cost_usd) VALUES ('vps-1', 'mta-1', 300);
            -- firing: 2 critical, 1 warning (acknowledged), 4 monitor, all started over 24 h ago; one resolved
            INSERT INTO alerts (alert_id, dimension, dimension_value, status, severity, current_severity, started_at,
              ended_at, last_change_at, sent, revenue_risk_usd, acknowledged_by, acknowledged_at)
            SELECT 'alr_' || lpad(n::text, 20, '0'), 'sending_domain', 'd' || n, status, sev, sev,
              now() - hours * interval '1 hour', CASE WHEN status = 'resolved' THEN now() - interval '90 hours' END,
              now() - hours * interval '1 hour', 1000, usd, CASE WHEN ack THEN 'alice' END, CASE WHEN ack THEN now() END
            FROM (VALUES (1, 'firing', 'critical', 72, 400.0, false), (2, 'firing', 'warning', 48, 900.0, true),
              (3, 'firing', 'critical', 30, 50.5, false), (4, 'firing', 'monitor', 26, 10.0, false),
              (5, 'firing', 'monitor', 26, 20.0, false), (6, 'firing', 'monitor', 26, 30.0, false),
              (7, 'firing', 'monitor', 26, 40.0, false), (8, 'resolved', 'critical', 96, 10000.0, false))
              AS r(n, status, sev, hours, usd, ack);
            """);
    }

    @AfterAll
    static void tearDown() throws Exception {
        data.close();
    }

    private static Javalin app() {
        return data.app(Clock.systemUTC());
    }

    private static JsonNode get(HttpClient client, String path) {
        Response r = client.get(path, req -> req.header("Authorization", "Bearer " + TestData.VIEWER));
        String body = r.body().string();
        assertThat(r.code()).as(body).isEqualTo(200);
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    private static JsonNode kpi(JsonNode summary, String name) {
        for (JsonNode k : summary.get("kpis")) {
            if (k.get("kpi").asText().equals(name)) return k;
        }
        throw new AssertionError("no KPI " + name);
    }

    private static String id(int n) {
        return "alr_" + String.format("%020d", n);
    }

    @Test
    void theSummaryAnswersEveryFigureWithItsInputs() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode s = get(client, "/api/v1/summary");
            Instant asOf = Instant.parse(s.get("as_of").asText());
            assertThat(Instant.parse(s.get("period").get("from").asText())).isEqualTo(asOf.minus(Duration.ofHours(24)));
            assertThat(Instant.parse(s.get("previous_period").get("from").asText())).isEqualTo(asOf.minus(Duration.ofHours(48)));

            assertThat(s.get("kpis")).extracting(k -> k.get("kpi").asText()).containsExactly("deliverability_rate",
                    "bounce_rate", "spam_rate", "revenue_risk_usd", "sent", "cost_per_email_usd", "efficiency_score",
                    "mrr_at_risk_usd");
            // all traffic: 10,000 sent, 9,500 delivered, 300 bounced, 19 complaints now; 8,000 / 7,800 / 80 / 4 before
            JsonNode d = kpi(s, "deliverability_rate");
            assertThat(d.get("value").asDouble()).isCloseTo(0.95, within(EPS));
            assertThat(d.get("previous").asDouble()).isCloseTo(0.975, within(EPS));
            assertThat(d.get("change").asDouble()).isCloseTo(-0.025, within(EPS));
            assertThat(d.get("direction").asText()).isEqualTo("worsened");
            assertThat(d.get("unit").asText()).isEqualTo("ratio");
            assertThat(d.get("better").asText()).isEqualTo("higher");
            assertThat(d.get("inputs").get("period").get("sent").asLong()).isEqualTo(10_000);
            JsonNode b = kpi(s, "bounce_rate");
            assertThat(b.get("value").asDouble()).isCloseTo(0.03, within(EPS));
            assertThat(b.get("previous").asDouble()).isCloseTo(0.01, within(EPS));
            assertThat(b.get("direction").asText()).isEqualTo("worsened");
            JsonNode sp = kpi(s, "spam_rate");
            assertThat(sp.get("value").asDouble()).isCloseTo(19.0 / 9500, within(EPS));
            assertThat(sp.get("previous").asDouble()).isCloseTo(4.0 / 7800, within(EPS));
            // now the gauge's 321.09; before (0.01 × 0.05 + 4/7,800 × 0.25) × 8,000 × 30 = 120 + 30.77 = 150.77
            JsonNode risk = kpi(s, "revenue_risk_usd");
            assertThat(risk.get("value").asDouble()).isEqualTo(321.09);
            assertThat(risk.get("previous").asDouble()).isEqualTo(150.77);
            assertThat(risk.get("change").asDouble()).isEqualTo(170.32);
            assertThat(risk.get("direction").asText()).isEqualTo("worsened");
            assertThat(risk.get("inputs").get("previous_period").get("monthly_volume").asDouble()).isEqualTo(240_000.0);
            JsonNode sent = kpi(s, "sent");
            assertThat(sent.get("value").asLong()).isEqualTo(10_000);
            assertThat(sent.get("previous").asLong()).isEqualTo(8_000);
            assertThat(sent.get("change").asLong()).isEqualTo(2_000);
            assertThat(sent.get("direction").asText()).isEqualTo("improved");

            // cost per email now: the cost panel's; 24 h ago: $300 × the month's elapsed fraction then ÷ its sent until then
            JsonNode cost = kpi(s, "cost_per_email_usd");
            double perEmail = get(client, "/api/v1/cost").get("summary").get("cost_per_email_usd").asDouble();
            assertThat(cost.get("value").asDouble()).isCloseTo(perEmail, within(perEmail * 1e-6));
            Instant then = asOf.minus(Duration.ofHours(24));
            YearMonth month = YearMonth.from(then.atZone(ZoneOffset.UTC));
            Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            double elapsed = (double) Duration.between(start, then).toMillis() / Duration.between(start, end).toMillis();
            long sentUntil = h30.isBefore(start) ? 0 : 8_000; // the 5-hours-ago row is after then
            if (sentUntil == 0) {
                assertThat(cost.get("previous").isNull()).isTrue();
                assertThat(cost.get("direction").asText()).isEqualTo("no_data");
            } else {
                assertThat(cost.get("previous").asDouble()).isCloseTo(300 * elapsed / sentUntil, within(EPS));
            }

            // health: S monitor 0.67; P 6,000 (10.0.0.1, high) of 10,000 sent by IPs (10.0.0.2 low: 200/3,000 bounced;
            // 10.0.0.3 and unknown insufficient); A max(0, 1 − 0.5 × 2 − 0.2 × 1) = 0;
            // E = the efficiency score ÷ 100 with D 0.95, C min(1, 0.0004 ÷ cost per email), U 0 (no IP, no VPS metrics),
            // R 1 (no alert started in the period): 100 × (0.3 × 0.95 + 0.3 × C + 0.2 × 0 + 0.2 × 1)
            JsonNode h = s.get("health");
            assertThat(h.get("formula").asText()).isEqualTo("100 × (0.4 × S + 0.3 × E + 0.2 × P + 0.1 × A)");
            JsonNode t = h.get("terms");
            assertThat(t.get("severity").get("value").asDouble()).isEqualTo(0.67);
            assertThat(t.get("severity").get("inputs").get("severity").asText()).isEqualTo("monitor");
            assertThat(t.get("reputation").get("value").asDouble()).isCloseTo(0.6, within(EPS));
            assertThat(t.get("reputation").get("inputs").get("sent_high_or_medium").asLong()).isEqualTo(6_000);
            assertThat(t.get("reputation").get("inputs").get("sent_all_ips").asLong()).isEqualTo(10_000);
            assertThat(t.get("alerts").get("value").asDouble()).isEqualTo(0.0);
            assertThat(t.get("alerts").get("inputs").get("critical").asInt()).isEqualTo(2);
            assertThat(t.get("alerts").get("inputs").get("warning").asInt()).isEqualTo(1);
            double c = Math.min(1, 0.0004 / perEmail);
            double e = 100 * (0.3 * 0.95 + 0.3 * c + 0.2);
            double efficiency = t.get("efficiency").get("inputs").get("efficiency_score").asDouble();
            assertThat(efficiency).isCloseTo(e, within(1e-4));
            assertThat(t.get("efficiency").get("value").asDouble()).isCloseTo(efficiency / 100, within(EPS));
            assertThat(t.get("efficiency").get("weight").asDouble()).isEqualTo(0.3);
            // 100 × (0.4 × 0.67 + 0.3 × E/100 + 0.2 × 0.6 + 0.1 × 0) = 26.8 + 0.3 × E + 12
            assertThat(h.get("score").asDouble()).isCloseTo(26.8 + 0.3 * efficiency + 12, within(1e-9));
            JsonNode eff = kpi(s, "efficiency_score");
            assertThat(eff.get("value").asDouble()).isEqualTo(efficiency);
            assertThat(eff.get("change").asDouble()).isCloseTo(efficiency - eff.get("previous").asDouble(), within(EPS));

            // MRR at risk: now acct-a (critical, 1,000) and acct-b (warning, 500), acct-c is past due; before, by the
            // previous day's counts under seed: acct-d 12 % bounced (warning, 200), acct-e 20 % (critical, 100),
            // acct-a 2 % (healthy), acct-b 50 sent (insufficient_data)
            JsonNode m = s.get("mrr_at_risk");
            assertThat(m.get("mrr_at_risk_usd").asDouble()).isEqualTo(1500.0);
            assertThat(m.get("mrr_usd").asDouble()).isEqualTo(1800.0);
            assertThat(m.get("accounts")).extracting(a -> a.get("account_id").asText() + ":" + a.get("severity").asText())
                    .containsExactly("acct-a:critical", "acct-b:warning");
            assertThat(m.get("accounts").get(0).get("revenue_risk_usd").asDouble()).isEqualTo(77.1);
            JsonNode mrr = kpi(s, "mrr_at_risk_usd");
            assertThat(mrr.get("value").asDouble()).isEqualTo(1500.0);
            assertThat(mrr.get("previous").asDouble()).isEqualTo(300.0);
            assertThat(mrr.get("change").asDouble()).isEqualTo(1200.0);
            assertThat(mrr.get("direction").asText()).isEqualTo("worsened");

            // alerts: firing by severity, 6 unacknowledged (all but the warning), the oldest (72 h), the five largest
            JsonNode a = s.get("alerts");
            assertThat(a.get("firing").get("critical").asInt()).isEqualTo(2);
            assertThat(a.get("firing").get("warning").asInt()).isEqualTo(1);
            assertThat(a.get("firing").get("monitor").asInt()).isEqualTo(4);
            assertThat(a.get("unacknowledged").asInt()).isEqualTo(6);
            assertThat(a.get("oldest").get("alert_id").asText()).isEqualTo(id(1));
            assertThat(a.get("largest")).extracting(n -> n.get("alert_id").asText())
                    .containsExactly(id(2), id(1), id(3), id(7), id(6));
            assertThat(a.get("largest").get(2).get("revenue_risk_usd").asDouble()).isEqualTo(50.5);

            // actions: the efficiency panel's recommendations, as they are
            List<String> actions = new ArrayList<>();
            s.get("actions").forEach(n -> actions.add(n.get("kind").asText() + ":" + n.get("expected_value_usd").asText()));
            List<String> recommended = new ArrayList<>();
            get(client, "/api/v1/efficiency").get("recommendations")
                    .forEach(n -> recommended.add(n.get("kind").asText() + ":" + n.get("expected_value_usd").asText()));
            assertThat(actions).isEqualTo(recommended).isNotEmpty();
        });
    }

    @Test
    void withoutASeverityOfAllTrafficTheOtherTermsAreScaledUp() throws Exception {
        data.exec("UPDATE risk_snapshot SET severity = 'insufficient_data' WHERE dimension = 'all'");
        try {
            JavalinTest.test(app(), (server, client) -> {
                JsonNode h = get(client, "/api/v1/summary").get("health");
                JsonNode t = h.get("terms");
                assertThat(t.get("severity").get("weight").asDouble()).isEqualTo(0.0);
                assertThat(t.get("severity").get("value").isNull()).isTrue();
                assertThat(t.get("severity").get("inputs").get("severity").asText()).isEqualTo("insufficient_data");
                assertThat(t.get("efficiency").get("weight").asDouble()).isCloseTo(0.5, within(EPS));
                assertThat(t.get("reputation").get("weight").asDouble()).isCloseTo(0.2 / 0.6, within(EPS));
                assertThat(t.get("alerts").get("weight").asDouble()).isCloseTo(0.1 / 0.6, within(EPS));
                assertThat(h.get("formula").asText()).isEqualTo("100 × (0.3 × E + 0.2 × P + 0.1 × A) ÷ 0.6");
                double efficiency = t.get("efficiency").get("inputs").get("efficiency_score").asDouble();
                // 100 × (0.3 × E/100 + 0.2 × 0.6 + 0.1 × 0) ÷ 0.6
                assertThat(h.get("score").asDouble()).isCloseTo((0.3 * efficiency + 12) / 0.6, within(1e-9));
            });
        } finally {
            data.exec("UPDATE risk_snapshot SET severity = 'monitor' WHERE dimension = 'all'");
        }
    }
}
