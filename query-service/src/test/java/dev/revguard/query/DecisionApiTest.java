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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Strategic Decision Tracker against the real PostgreSQL, at a fixed now (10 March 2026, 12:00 UTC), with
 * decisions, traffic, IPs and subscriptions inserted directly and every figure worked out by hand from SPEC.
 *
 * <p>Traffic, as hourly rows at 13:00 and the daily rows the job writes from them: mail.dec.example sends 1,000 a
 * day from 3 to 9 March,
 * bouncing 50, 50, 40, 35, 30, 30, 25 (260 of 7,000 over the trailing 7 days [3 Mar 12:00, 10 Mar 12:00)). All
 * traffic: 2,000 a day from 1 to 9 March, 1,900 delivered. Accounts on 5 March: acct-a 1,000 sent, 120 bounced
 * (12 %: warning under the seed policy), acct-b 1,000 / 10 (healthy), acct-c 1,000 / 200 (critical, but past_due).
 */
class DecisionApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = 1e-9;
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static TestData data;

    @BeforeAll
    static void setUp() throws Exception {
        data = new TestData(false);
        data.exec("""
            DELETE FROM deliverability_window; DELETE FROM deliverability_hourly; DELETE FROM deliverability_daily;
            CREATE TEMP TABLE dec_days AS
              SELECT d::date AS day, b AS bounced FROM unnest(ARRAY['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06',
                '2026-03-07', '2026-03-08', '2026-03-09']::date[], ARRAY[50, 50, 40, 35, 30, 30, 25]) AS t(d, b);
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              spam_complaints, is_final)
            SELECT 'sending_domain', 'mail.dec.example', day + time '13:00' AT TIME ZONE 'UTC', day + time '14:00' AT TIME ZONE 'UTC',
              1000, 1000 - bounced, bounced, 0, true FROM dec_days;
            INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              spam_complaints, is_final)
            SELECT 'sending_domain', 'mail.dec.example', day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC',
              1000, 1000 - bounced, bounced, 0, true FROM dec_days;
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              spam_complaints, is_final)
            SELECT 'all', 'all', d + interval '13 hours', d + interval '14 hours', 2000, 1900, 100, 0, true
            FROM generate_series(timestamptz '2026-03-01T00:00:00Z', timestamptz '2026-03-09T00:00:00Z', interval '1 day') AS d;
            INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              spam_complaints, is_final)
            SELECT 'all', 'all', d, d + interval '1 day', 2000, 1900, 100, 0, true
            FROM generate_series(timestamptz '2026-03-01T00:00:00Z', timestamptz '2026-03-09T00:00:00Z', interval '1 day') AS d;
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              spam_complaints, is_final) VALUES
            ('account', 'acct-a', '2026-03-05T13:00:00Z', '2026-03-05T14:00:00Z', 1000, 880, 120, 0, true),
            ('account', 'acct-b', '2026-03-05T13:00:00Z', '2026-03-05T14:00:00Z', 1000, 990, 10, 0, true),
            ('account', 'acct-c', '2026-03-05T13:00:00Z', '2026-03-05T14:00:00Z', 1000, 800, 200, 0, true);
            INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
              spam_complaints, is_final)
            SELECT dimension, dimension_value, date_trunc('day', window_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
              (date_trunc('day', window_start AT TIME ZONE 'UTC') + interval '1 day') AT TIME ZONE 'UTC', sent, delivered,
              bounced, spam_complaints, true
            FROM deliverability_hourly WHERE dimension = 'account';

            INSERT INTO smtp_ip_addresses (ip, sending_domain, provider, approximate_cost, daily_capacity, warmup_started_on,
              status, retired_on) VALUES
            ('10.9.0.1', 'mail.dec.example', 'ses', 60, 10000, NULL, 'active', NULL),
            ('10.9.0.2', 'mail.dec.example', 'ses', 40, 10000, NULL, 'retired', '2026-02-20');
            INSERT INTO vps_instances (instance_id, name, provider, region, monthly_cost_usd) VALUES
            ('vps-9', 'mta-9', 'hetzner', 'fsn1', 100);
            INSERT INTO subscriptions (account_id, plan, mrr_usd, status, started_on) VALUES
            ('acct-a', 'pro', 1000, 'active', '2026-01-01'),
            ('acct-b', 'team', 500, 'active', '2026-01-01'),
            ('acct-c', 'team', 300, 'past_due', '2026-01-01');

            INSERT INTO strategic_decisions (decision_id, decision_type, maker, title, decided_at, review_date, status, cost_usd,
              scope_dimension, scope_value, expected_outcomes, event_id) VALUES
            ('dec-bounce', 'deliverability', 'cto', 'List hygiene for mail.dec.example', '2026-03-05T00:00:00Z', '2026-03-09',
              'implemented', 100, 'sending_domain', 'mail.dec.example',
              '[{"kpi": "bounce_rate", "baseline": 0.05, "target": 0.01, "due": "2026-03-15"},
                {"kpi": "revenue_risk_usd", "baseline": 100, "target": 20, "due": "2026-03-15"}]', 'e1'),
            ('dec-silent', 'deliverability', 'cmo', 'Complaint loop for mail.silent.example', '2026-03-02T00:00:00Z', NULL,
              'proposed', NULL, 'sending_domain', 'mail.silent.example',
              '[{"kpi": "spam_rate", "baseline": 0.002, "target": 0.001, "due": "2026-04-01"}]', 'e2'),
            ('dec-infra', 'cost_optimization', 'cfo', 'Consolidate the MTAs', '2026-03-01T00:00:00Z', '2026-03-15',
              'approved', 50, 'all', 'all',
              '[{"kpi": "cost_per_email_usd", "baseline": 0.004, "target": 0.002, "due": "2026-04-01"}]', 'e3'),
            ('dec-mrr', 'retention', 'ceo', 'Protect the top accounts', '2026-02-20T00:00:00Z', '2026-04-30',
              'approved', NULL, 'all', 'all',
              '[{"kpi": "mrr_at_risk_usd", "baseline": 1500, "target": 0, "due": "2026-03-08"},
                {"kpi": "efficiency_score", "baseline": 50, "target": 90, "due": "2026-03-08"},
                {"kpi": "sent", "baseline": 1000, "target": 3000, "due": "2026-03-08"}]', 'e4'),
            ('dec-retire', 'cost_optimization', 'cfo', 'Retire 10.9.0.2', '2026-02-01T00:00:00Z', NULL,
              'implemented', 0, 'sending_ip', '10.9.0.2',
              '[{"kpi": "total_cost_usd", "baseline": 40, "target": 0, "due": "2026-03-01"}]', 'e5'),
            ('dec-odd', 'other', 'coo', 'Measure happiness', '2026-01-15T00:00:00Z', '2026-01-31',
              'reverted', 10, 'all', 'all',
              '[{"kpi": "happiness", "baseline": 1, "target": 2, "due": "2026-02-15"}]', 'e6');
            """);
    }

    @AfterAll
    static void tearDown() throws Exception {
        data.close();
    }

    private static Javalin app() {
        return data.app(Clock.fixed(NOW, ZoneOffset.UTC));
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

    private static JsonNode outcome(JsonNode decision, String kpi) {
        for (JsonNode o : decision.get("outcomes")) {
            if (o.get("kpi").asText().equals(kpi)) return o;
        }
        throw new AssertionError("no outcome " + kpi + " in " + decision);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(d -> ids.add(d.get("decision_id").asText()));
        return ids;
    }

    @Test
    void theLogIsListedNewestFirstWithItsReviewCounts() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode all = get(client, "/api/v1/decisions", 200);
            assertThat(all.get("as_of").asText()).isEqualTo("2026-03-10T12:00:00Z");
            assertThat(all.get("count").asInt()).isEqualTo(6);
            assertThat(ids(all.get("decisions")))
                    .containsExactly("dec-bounce", "dec-silent", "dec-infra", "dec-mrr", "dec-retire", "dec-odd");
            // overdue: dec-bounce (9 March) and dec-odd (31 January) are before today, 10 March; due soon: dec-infra
            // (15 March, within 7 days); needing review: dec-bounce (at risk) and dec-mrr (missed).
            assertThat(all.get("review").get("overdue").asInt()).isEqualTo(2);
            assertThat(all.get("review").get("due_soon").asInt()).isEqualTo(1);
            assertThat(all.get("review").get("needs_review").asInt()).isEqualTo(2);

            assertThat(ids(get(client, "/api/v1/decisions?status=approved", 200).get("decisions")))
                    .containsExactly("dec-infra", "dec-mrr");
            assertThat(ids(get(client, "/api/v1/decisions?status=reverted", 200).get("decisions"))).containsExactly("dec-odd");
            JsonNode two = get(client, "/api/v1/decisions?limit=2", 200);
            assertThat(two.get("count").asInt()).isEqualTo(2);
            assertThat(ids(two.get("decisions"))).containsExactly("dec-bounce", "dec-silent");

            assertThat(get(client, "/api/v1/decisions?status=done", 400).get("parameter").asText()).isEqualTo("status");
            assertThat(get(client, "/api/v1/decisions?status=approved'--", 400).get("parameter").asText()).isEqualTo("status");
            for (String bad : List.of("0", "1001", "abc", "-1")) {
                assertThat(get(client, "/api/v1/decisions?limit=" + bad, 400).get("parameter").asText()).isEqualTo("limit");
            }
            JsonNode missing = get(client, "/api/v1/decisions/dec-nothing", 404);
            assertThat(missing.get("error").asText()).isEqualTo("not_found");
            assertThat(missing.get("parameter").asText()).isEqualTo("id");
            assertThat(client.get("/api/v1/decisions").code()).isEqualTo(401);
        });
    }

    @Test
    void aRateDecisionsActualProgressStatusProjectionAndRoi() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode d = get(client, "/api/v1/decisions/dec-bounce", 200);
            assertThat(d.get("decision_type").asText()).isEqualTo("deliverability");
            assertThat(d.get("decided_at").asText()).isEqualTo("2026-03-05T00:00:00Z");
            assertThat(d.get("review_date").asText()).isEqualTo("2026-03-09");
            assertThat(d.get("cost_usd").asDouble()).isEqualTo(100.0);
            assertThat(d.get("scope").get("dimension").asText()).isEqualTo("sending_domain");
            assertThat(d.get("scope").get("value").asText()).isEqualTo("mail.dec.example");
            assertThat(d.get("review").asText()).isEqualTo("overdue");
            assertThat(d.get("needs_review").asBoolean()).isTrue();

            // bounce_rate over [3 Mar 12:00, 10 Mar 12:00): 260 / 7,000 = 0.0371428…
            JsonNode b = outcome(d, "bounce_rate");
            double actual = 260.0 / 7000;
            assertThat(b.get("window").get("from").asText()).isEqualTo("2026-03-03T12:00:00Z");
            assertThat(b.get("window").get("to").asText()).isEqualTo("2026-03-10T12:00:00Z");
            assertThat(b.get("inputs").get("sent").asLong()).isEqualTo(7000);
            assertThat(b.get("inputs").get("bounced").asLong()).isEqualTo(260);
            assertThat(b.get("actual").asDouble()).isCloseTo(actual, within(EPS));
            // progress (0.0371428 − 0.05) ÷ (0.01 − 0.05) = 0.3214; elapsed 5.5 d of 10 = 0.55; 0.8 × 0.55 = 0.44 > 0.3214
            assertThat(b.get("progress").asDouble()).isCloseTo((actual - 0.05) / (0.01 - 0.05), within(EPS));
            assertThat(b.get("progress").asDouble()).isCloseTo(0.3214285714, within(1e-9));
            assertThat(b.get("elapsed_fraction").asDouble()).isCloseTo(0.55, within(EPS));
            assertThat(b.get("status").asText()).isEqualTo("at_risk");
            // Daily values since 5 March (x = 0..4): 0.040, 0.035, 0.030, 0.030, 0.025 (10 March is not a whole day yet).
            // x̄ = 2, ȳ = 0.032; Σ(x − x̄)(y − ȳ) = −2 × 0.008 − 1 × 0.003 + 0 + 1 × −0.002 + 2 × −0.007 = −0.035;
            // Σ(x − x̄)² = 10; slope −0.0035 a day; intercept 0.032 + 0.007 = 0.039; due 15 March is x = 10: 0.004.
            JsonNode p = b.get("projection");
            assertThat(p.get("points").asInt()).isEqualTo(5);
            assertThat(p.get("daily").get(0).get("day").asText()).isEqualTo("2026-03-05");
            assertThat(p.get("daily").get(0).get("value").asDouble()).isCloseTo(0.04, within(EPS));
            assertThat(p.get("slope_per_day").asDouble()).isCloseTo(-0.0035, within(EPS));
            assertThat(p.get("value_at_due").asDouble()).isCloseTo(0.004, within(EPS));
            assertThat(p.get("reason").isNull()).isTrue();

            // revenue_risk_usd = (0.0371428 × 0.05 + 0 × 0.25) × 7,000 × 30/7 = 0.0371428 × 1,500 = 55.71;
            // progress (55.71 − 100) ÷ (20 − 100) = 0.5536 ≥ 0.44: on track
            JsonNode risk = outcome(d, "revenue_risk_usd");
            assertThat(risk.get("actual").asDouble()).isEqualTo(55.71);
            assertThat(risk.get("inputs").get("monthly_volume").asDouble()).isCloseTo(30_000, within(EPS));
            assertThat(risk.get("progress").asDouble()).isCloseTo((55.71 - 100) / (20 - 100.0), within(EPS));
            assertThat(risk.get("status").asText()).isEqualTo("on_track");
            // per day: bounce rate × 0.05 × 1,000 × 30 = rate × 1,500: 60, 52.5, 45, 45, 37.5 → slope −5.25, at due 6.0
            assertThat(risk.get("projection").get("slope_per_day").asDouble()).isCloseTo(-5.25, within(EPS));
            assertThat(risk.get("projection").get("value_at_due").asDouble()).isCloseTo(6.0, within(EPS));

            // ROI: monthly volume 7,000 × 30/7 = 30,000. bounce: (0.05 − 0.0371428) × 30,000 × 0.05 = 19.29;
            // revenue risk: 100 − 55.71 = 44.29; value 63.58; roi (63.58 − 100) ÷ 100 = −0.3642
            JsonNode roi = d.get("roi");
            assertThat(roi.get("monthly_volume").asDouble()).isCloseTo(30_000, within(EPS));
            assertThat(roi.get("terms").get(0).get("kpi").asText()).isEqualTo("bounce_rate");
            assertThat(roi.get("terms").get(0).get("price_usd").asDouble()).isEqualTo(0.05);
            assertThat(roi.get("terms").get(0).get("value_per_month_usd").asDouble()).isEqualTo(19.29);
            assertThat(roi.get("terms").get(1).get("value_per_month_usd").asDouble()).isEqualTo(44.29);
            assertThat(roi.get("terms").get(1).get("price_usd").isNull()).isTrue();
            assertThat(roi.get("value_per_month_usd").asDouble()).isEqualTo(63.58);
            assertThat(roi.get("cost_usd").asDouble()).isEqualTo(100.0);
            assertThat(roi.get("roi").asDouble()).isCloseTo(-0.3642, within(EPS));
            assertThat(roi.get("rule").asText()).contains("monthly volume");
        });
    }

    @Test
    void costMrrEfficiencyAndSentActualsWithTheirInputs() {
        JavalinTest.test(app(), (server, client) -> {
            // Scope all: VPS 100 + 10.9.0.1's 60 (10.9.0.2 retired on 20 February, before the window end) = 160 a month;
            // 14,000 sent in the 7 days: 160 × 7/30 ÷ 14,000 = 0.0026667. Progress (0.0026667 − 0.004) ÷ (0.002 − 0.004)
            // = 0.6667; elapsed 9.5 d of 31 = 0.3065, 0.8 × 0.3065 = 0.245: on track.
            JsonNode infra = get(client, "/api/v1/decisions/dec-infra", 200);
            JsonNode c = outcome(infra, "cost_per_email_usd");
            double perEmail = 160.0 * 7 / 30 / 14_000;
            assertThat(c.get("actual").asDouble()).isCloseTo(perEmail, within(EPS));
            assertThat(c.get("inputs").get("vps_cost_usd").asDouble()).isEqualTo(100.0);
            assertThat(c.get("inputs").get("smtp_ip_cost_usd").asDouble()).isEqualTo(60.0);
            assertThat(c.get("inputs").get("monthly_cost_usd").asDouble()).isEqualTo(160.0);
            assertThat(c.get("inputs").get("sent_7d").asLong()).isEqualTo(14_000);
            assertThat(c.get("inputs").get("retired_before_window_end").get(0).asText()).isEqualTo("10.9.0.2");
            assertThat(c.get("progress").asDouble()).isCloseTo((perEmail - 0.004) / (0.002 - 0.004), within(EPS));
            assertThat(c.get("elapsed_fraction").asDouble()).isCloseTo(9.5 / 31, within(EPS));
            assertThat(c.get("status").asText()).isEqualTo("on_track");
            assertThat(infra.get("review").asText()).isEqualTo("due_soon");
            assertThat(infra.get("needs_review").asBoolean()).isFalse();
            // (0.004 − 0.0026667) × 60,000 = 240 − 160 = 80; roi (80 − 50) ÷ 50 = 0.6
            assertThat(infra.get("roi").get("monthly_volume").asDouble()).isCloseTo(60_000, within(EPS));
            assertThat(infra.get("roi").get("value_per_month_usd").asDouble()).isEqualTo(80.0);
            assertThat(infra.get("roi").get("roi").asDouble()).isCloseTo(0.6, within(EPS));
            // daily: 160 ÷ 30 ÷ 2,000 for each of 1–9 March: a flat line
            JsonNode cp = c.get("projection");
            assertThat(cp.get("points").asInt()).isEqualTo(9);
            assertThat(cp.get("slope_per_day").asDouble()).isCloseTo(0, within(EPS));
            assertThat(cp.get("value_at_due").asDouble()).isCloseTo(160.0 / 30 / 2000, within(EPS));

            // Retiring 10.9.0.2 (40 a month) before the window [22 Feb, 1 Mar) ends: total cost 0, achieved; cost 0: roi null.
            JsonNode retire = get(client, "/api/v1/decisions/dec-retire", 200);
            JsonNode t = outcome(retire, "total_cost_usd");
            assertThat(t.get("actual").asDouble()).isEqualTo(0.0);
            assertThat(t.get("status").asText()).isEqualTo("achieved");
            assertThat(t.get("window").get("to").asText()).isEqualTo("2026-03-01T00:00:00Z");
            // per day 1–28 February: 40 until 19 February, 0 from the 20th
            assertThat(t.get("projection").get("points").asInt()).isEqualTo(28);
            assertThat(t.get("projection").get("daily").get(18).get("value").asDouble()).isEqualTo(40.0);
            assertThat(t.get("projection").get("daily").get(19).get("value").asDouble()).isEqualTo(0.0);
            assertThat(retire.get("roi").get("value_per_month_usd").asDouble()).isEqualTo(40.0);
            assertThat(retire.get("roi").get("roi").isNull()).isTrue();
            assertThat(retire.get("review").isNull()).isTrue();

            // MRR at risk over [1 Mar, 8 Mar): acct-a (12 % bounced: warning) 1,000; acct-b healthy; acct-c past_due.
            // Target 0, due 8 March passed: missed; progress (1,000 − 1,500) ÷ (0 − 1,500) = 1/3.
            JsonNode mrr = get(client, "/api/v1/decisions/dec-mrr", 200);
            JsonNode m = outcome(mrr, "mrr_at_risk_usd");
            assertThat(m.get("actual").asDouble()).isEqualTo(1000.0);
            assertThat(m.get("inputs").get("policy").asText()).isEqualTo("seed");
            assertThat(m.get("inputs").get("mrr_usd").asDouble()).isEqualTo(1500.0);
            assertThat(m.get("inputs").get("accounts_at_risk").get(0).get("account_id").asText()).isEqualTo("acct-a");
            assertThat(m.get("inputs").get("accounts_at_risk").get(0).get("severity").asText()).isEqualTo("warning");
            assertThat(m.get("inputs").get("accounts_at_risk")).hasSize(1);
            assertThat(m.get("progress").asDouble()).isCloseTo(1.0 / 3, within(EPS));
            assertThat(m.get("status").asText()).isEqualTo("missed");
            assertThat(m.get("projection").get("value_at_due").isNull()).isTrue();
            assertThat(m.get("projection").get("reason").asText()).startsWith("no daily history");

            // sent per day over [1 Mar, 8 Mar): 7 × 2,000 ÷ 7 = 2,000 < 3,000: missed
            JsonNode sent = outcome(mrr, "sent");
            assertThat(sent.get("actual").asDouble()).isCloseTo(2000.0, within(EPS));
            assertThat(sent.get("status").asText()).isEqualTo("missed");

            // The efficiency score of all traffic over the same 7 days: D = 13,300 / 14,000 = 0.95, U = 0 (10.9.0.1 sent
            // nothing), R = 1 (no alerts): at most 100 × (0.285 + 0.3 + 0 + 0.2) = 78.5 < 90: missed.
            JsonNode e = outcome(mrr, "efficiency_score");
            JsonNode terms = e.get("inputs").get("terms");
            assertThat(terms.get("deliverability").asDouble()).isCloseTo(0.95, within(EPS));
            assertThat(terms.get("utilization").asDouble()).isEqualTo(0.0);
            assertThat(terms.get("response").asDouble()).isEqualTo(1.0);
            assertThat(e.get("actual").asDouble()).isCloseTo(100 * (0.3 * 0.95 + 0.3 * terms.get("cost").asDouble() + 0.2), within(EPS));
            assertThat(e.get("inputs").get("scope").asText()).startsWith("all traffic");
            assertThat(e.get("status").asText()).isEqualTo("missed");
            assertThat(e.get("projection").get("reason").asText()).startsWith("no daily history");

            // 1,500 − 1,000 = 500 a month; sent and efficiency_score have no dollar value; no cost: roi null.
            // Outcomes (and terms) by due, then KPI.
            assertThat(mrr.get("roi").get("value_per_month_usd").asDouble()).isEqualTo(500.0);
            List<String> roiTerms = new ArrayList<>();
            mrr.get("roi").get("terms").forEach(n -> roiTerms.add(n.get("kpi").asText() + "=" + n.get("value_per_month_usd").asText()));
            assertThat(roiTerms).containsExactly("efficiency_score=null", "mrr_at_risk_usd=500.0", "sent=null");
            assertThat(mrr.get("roi").get("roi").isNull()).isTrue();
        });
    }

    @Test
    void noSendsIsNoDataAndAnUnknownKpiIsSaidSo() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode silent = get(client, "/api/v1/decisions/dec-silent", 200);
            JsonNode s = outcome(silent, "spam_rate");
            assertThat(s.get("actual").isNull()).isTrue();
            assertThat(s.get("progress").isNull()).isTrue();
            assertThat(s.get("status").asText()).isEqualTo("no_data");
            assertThat(s.get("inputs").get("reason").asText()).isEqualTo("nothing delivered in the window");
            assertThat(s.get("projection").get("points").asInt()).isEqualTo(0);
            assertThat(s.get("projection").get("reason").asText()).startsWith("fewer than 2 daily values");
            assertThat(silent.get("roi").get("value_per_month_usd").isNull()).isTrue();
            assertThat(silent.get("roi").get("cost_usd").isNull()).isTrue();
            assertThat(silent.get("review").isNull()).isTrue();

            JsonNode odd = get(client, "/api/v1/decisions/dec-odd", 200);
            JsonNode h = outcome(odd, "happiness");
            assertThat(h.get("status").asText()).isEqualTo("unknown_kpi");
            assertThat(h.get("actual").isNull()).isTrue();
            assertThat(h.get("inputs").get("reason").asText()).startsWith("unknown KPI happiness");
            assertThat(odd.get("needs_review").asBoolean()).isFalse();
        });
    }

    @Test
    void outcomesAtRiskOrMissedAreRecommendedForReviewAndTheOthersAreNot() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode e = get(client, "/api/v1/efficiency", 200);
            List<String> reviews = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (JsonNode r : e.get("recommendations")) {
                if (!"check_pipeline".equals(r.get("kind").asText())) {
                    values.add(r.get("expected_value_usd").isNull() ? null : r.get("expected_value_usd").asDouble());
                }
                if (r.get("kind").asText().equals("review_decision")) {
                    reviews.add(r.get("evidence").get("decision_id").asText() + ":" + r.get("evidence").get("kpi").asText()
                            + ":" + r.get("expected_value_usd").asText());
                }
            }
            // mrr 1,000 − 0 = 1,000 a month; bounce |0.0371428 − 0.01| × 30,000 × 0.05 = 40.71; sent and the efficiency
            // score unpriced. dec-infra (on track), dec-retire (achieved), dec-silent (no data), dec-odd (reverted) are not.
            assertThat(reviews).containsExactly("dec-mrr:mrr_at_risk_usd:1000.0", "dec-bounce:bounce_rate:40.71",
                    "dec-mrr:efficiency_score:null", "dec-mrr:sent:null");
            List<Double> priced = values.stream().filter(v -> v != null).toList();
            assertThat(priced).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            JsonNode first = null;
            for (JsonNode r : e.get("recommendations")) {
                if (r.get("kind").asText().equals("review_decision")) {
                    first = r;
                    break;
                }
            }
            assertThat(first.get("link").asText()).isEqualTo("#decision-dec-mrr");
            assertThat(first.get("evidence").get("status").asText()).isEqualTo("missed");
            assertThat(first.get("evidence").get("baseline").asDouble()).isEqualTo(1500.0);
            assertThat(first.get("evidence").get("target").asDouble()).isEqualTo(0.0);
            assertThat(first.get("evidence").get("actual").asDouble()).isEqualTo(1000.0);
            assertThat(first.get("evidence").get("progress").asDouble()).isCloseTo(1.0 / 3, within(EPS));
        });
    }

    @Test
    void theCostPanelAnswersTheCostOptimizationsSavings() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode roi = get(client, "/api/v1/cost", 200).get("roi_achievement");
            // dec-infra: expected (0.004 − 0.002) × 60,000 = 120, actual 80, achievement 80 / 120;
            // dec-retire: expected 40 − 0 = 40, actual 40 − 0 = 40, achievement 1. Totals 160 and 120.
            assertThat(ids(roi.get("decisions"))).containsExactly("dec-infra", "dec-retire");
            JsonNode infra = roi.get("decisions").get(0);
            assertThat(infra.get("title").asText()).isEqualTo("Consolidate the MTAs");
            assertThat(infra.get("status").asText()).isEqualTo("approved");
            assertThat(infra.get("cost_usd").asDouble()).isEqualTo(50.0);
            assertThat(infra.get("expected_savings_per_month_usd").asDouble()).isEqualTo(120.0);
            assertThat(infra.get("actual_savings_per_month_usd").asDouble()).isEqualTo(80.0);
            assertThat(infra.get("achievement").asDouble()).isCloseTo(80.0 / 120, within(EPS));
            JsonNode o = infra.get("outcomes").get(0);
            assertThat(o.get("kpi").asText()).isEqualTo("cost_per_email_usd");
            assertThat(o.get("baseline").asDouble()).isEqualTo(0.004);
            assertThat(o.get("target").asDouble()).isEqualTo(0.002);
            assertThat(o.get("actual").asDouble()).isCloseTo(160.0 * 7 / 30 / 14_000, within(EPS));
            assertThat(o.get("expected_savings_per_month_usd").asDouble()).isEqualTo(120.0);
            assertThat(o.get("actual_savings_per_month_usd").asDouble()).isEqualTo(80.0);
            JsonNode retire = roi.get("decisions").get(1);
            assertThat(retire.get("achievement").asDouble()).isEqualTo(1.0);
            assertThat(roi.get("expected_savings_per_month_usd").asDouble()).isEqualTo(160.0);
            assertThat(roi.get("actual_savings_per_month_usd").asDouble()).isEqualTo(120.0);
        });
    }
}
