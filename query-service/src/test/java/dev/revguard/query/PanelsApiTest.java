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
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cost Optimization Center and Operational Efficiency endpoints against the real PostgreSQL,
 * with rows placed relative to now (the summary view reads the database's clock) and every
 * expected value computed by hand from SPEC's formulas.
 */
class PanelsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = 1e-9;
    private static TestData data;

    @BeforeAll
    static void setUp() throws Exception {
        data = new TestData(false);
        // Traffic per IP over the trailing 7 days, as the job writes it: an hourly rollup 30 hours ago.
        // Today's traffic of the warming IPs at midnight, as a minute row and its hourly rollup.
        data.exec("""
            DELETE FROM deliverability_daily; -- TestData's day of November: this test places its own months
            CREATE TEMP TABLE t AS SELECT date_trunc('hour', now()) - interval '30 hours' AS h30,
              date_trunc('day', now()) AS midnight, date_trunc('hour', now()) - interval '5 hours' AS h5;
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT 'sending_ip', ip, h30, h30 + interval '1 hour', sent, delivered, 0, 0, true FROM t,
              (VALUES ('10.0.0.1', 49000, 48000), ('10.0.0.2', 7000, 6900), ('10.0.0.3', 6650, 6500)) AS v(ip, sent, delivered);
            INSERT INTO deliverability_window (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT 'sending_ip', ip, midnight, midnight + interval '1 minute', sent, delivered, bounced, spam, true FROM t,
              (VALUES ('10.0.0.4', 1200, 1100, 40, 6), ('10.0.0.5', 3000, 2950, 10, 0)) AS v(ip, sent, delivered, bounced, spam);
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT 'sending_ip', dimension_value, window_start, window_start + interval '1 hour', sent, delivered, bounced,
              spam_complaints, false FROM deliverability_window, t
            WHERE dimension = 'sending_ip' AND window_start = t.midnight;
            -- and the daily rollups of those hours (whole days of a range are read from them)
            INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT dimension, dimension_value, date_trunc('day', window_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
              (date_trunc('day', window_start AT TIME ZONE 'UTC') + interval '1 day') AT TIME ZONE 'UTC', sum(sent),
              sum(delivered), sum(bounced), sum(spam_complaints), bool_and(is_final)
            FROM deliverability_hourly WHERE dimension = 'sending_ip' GROUP BY 1, 2, 3, 4;
            -- all traffic: 10,000 sent 5 hours ago (the efficiency period), 100,000 last month, 50,000 this month
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT 'all', 'all', h5, h5 + interval '1 hour', 10000, 9600, 150, 12, true FROM t;
            INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered, is_final)
            SELECT 'all', 'all', date_trunc('month', now()) - interval '10 days', date_trunc('month', now()) - interval '9 days',
              100000, 97000, true
            UNION ALL SELECT 'all', 'all', date_trunc('month', now()), date_trunc('month', now()) + interval '1 day', 50000, 48000, false;

            INSERT INTO smtp_ip_addresses (ip, sending_domain, provider, approximate_cost, daily_capacity, warmup_started_on,
              status, retired_on) VALUES
            ('10.0.0.1', 'mail.one.example', 'ses', 40, 10000, NULL, 'active', NULL),
            ('10.0.0.2', 'mail.two.example', 'ses', 30, 10000, NULL, 'active', NULL),
            ('10.0.0.3', 'mail.three.example', 'sendgrid', 25.50, 1000, NULL, 'active', NULL),
            ('10.0.0.4', 'mail.new.example', 'sendgrid', 20, 50000, (now() AT TIME ZONE 'UTC')::date - 2, 'warming', NULL),
            ('10.0.0.5', 'mail.new.example', 'mailgun', 20, 50000, (now() AT TIME ZONE 'UTC')::date - 9, 'warming', NULL),
            ('10.0.0.6', 'mail.old.example', 'mailgun', 99, 10000, NULL, 'retired', '2026-01-01');
            INSERT INTO vps_instances (instance_id, name, provider, region, monthly_cost_usd, vcpus, memory_gb, disk_gb,
              network_mbps, metrics_instance) VALUES
            ('vps-1', 'mta-1', 'hetzner', 'fsn1', 120, 4, 8, 160, 1000, '10.1.0.1:9100'),
            ('vps-2', 'mta-2', 'hetzner', 'nbg1', 80, 2, 4, 80, 1000, NULL);
            INSERT INTO subscriptions (account_id, plan, mrr_usd, status, started_on, cancelled_on) VALUES
            ('acct-a', 'pro', 1000, 'active', '2026-01-01', NULL),
            ('acct-b', 'team', 500, 'active', '2026-02-01', NULL),
            ('acct-c', 'team', 300, 'past_due', '2026-03-01', NULL);
            -- alerts that started in the last 24 h: acknowledged after 10 min; resolved unacknowledged after 40 min;
            -- firing unacknowledged for 100 min; and one of 3 days ago (outside the period)
            INSERT INTO alerts (alert_id, dimension, dimension_value, status, severity, current_severity, started_at,
              ended_at, last_change_at, sent, revenue_risk_usd, acknowledged_by, acknowledged_at) VALUES
            ('alr_10000000000000000001', 'account', 'acct-a', 'resolved', 'warning', 'healthy', now() - interval '6 hours',
              now() - interval '5 hours', now() - interval '5 hours', 1000, 10, 'alice', now() - interval '6 hours' + interval '10 minutes'),
            ('alr_10000000000000000002', 'account', 'acct-b', 'resolved', 'monitor', 'healthy', now() - interval '4 hours',
              now() - interval '4 hours' + interval '40 minutes', now() - interval '3 hours', 1000, 10, NULL, NULL),
            ('alr_10000000000000000003', 'account', 'acct-c', 'firing', 'critical', 'critical', now() - interval '100 minutes',
              NULL, now() - interval '100 minutes', 1000, 10, NULL, NULL),
            ('alr_10000000000000000004', 'account', 'acct-d', 'resolved', 'monitor', 'healthy', now() - interval '3 days',
              now() - interval '3 days' + interval '5 minutes', now() - interval '3 days', 1000, 10, NULL, NULL);
            """);
    }

    @AfterAll
    static void tearDown() throws Exception {
        data.close();
    }

    private static Javalin app() {
        return data.app(Clock.systemUTC());
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

    private static JsonNode ip(JsonNode list, String ip) {
        for (JsonNode n : list) {
            if (n.get("ip").asText().equals(ip)) return n;
        }
        throw new AssertionError("no IP " + ip + " in " + list);
    }

    /** (now - month start) / month length, as the view computes it. */
    private static double elapsedFraction(Instant now) {
        ZonedDateTime start = now.atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
        double length = Duration.between(start, start.plusMonths(1)).toSeconds();
        return Duration.between(start.toInstant(), now).toMillis() / 1000.0 / length;
    }

    @Test
    void costAnswersTheMonthEveryIpUnderusedIpsAndWarmups() {
        JavalinTest.test(app(), (server, client) -> {
            Instant before = Instant.now();
            JsonNode c = get(client, "/api/v1/cost", 200);
            assertThat(c.get("month").asText()).isEqualTo(YearMonth.from(before.atZone(ZoneOffset.UTC)).toString());

            // This month: VPS 120 + 80; IPs 40 + 30 + 25.50 + 20 + 20 (the IP retired in January is not counted).
            JsonNode s = c.get("summary");
            assertThat(s.get("vps_cost_usd").asDouble()).isEqualTo(200.0);
            assertThat(s.get("smtp_ip_cost_usd").asDouble()).isEqualTo(135.5);
            assertThat(s.get("total_cost_usd").asDouble()).isEqualTo(335.5);
            assertThat(s.get("emails_sent").asLong()).isEqualTo(50_000);
            assertThat(s.get("mrr_usd").asDouble()).isEqualTo(1500.0);
            assertThat(s.get("efficiency_ratio").asDouble()).isCloseTo(335.5 / 1500, within(EPS));
            double elapsed = s.get("elapsed_fraction").asDouble();
            assertThat(elapsed).isCloseTo(elapsedFraction(before), within(0.001));
            assertThat(s.get("cost_per_email_usd").asDouble()).isCloseTo(335.5 * elapsed / 50_000, within(EPS));
            assertThat(s.get("cost_per_1000_usd").asDouble()).isCloseTo(335.5 * elapsed / 50_000 * 1000, within(EPS));

            JsonNode ips = c.get("ips");
            assertThat(ips).hasSize(6);
            JsonNode one = ip(ips, "10.0.0.1");
            assertThat(one.get("sent_7d").asLong()).isEqualTo(49_000);
            assertThat(one.get("avg_daily_sent").asDouble()).isEqualTo(7000.0);
            assertThat(one.get("utilization").asDouble()).isCloseTo(0.7, within(EPS));
            assertThat(one.get("utilization_basis").asText()).isEqualTo("daily_capacity");
            assertThat(one.get("cost_per_1000_usd").asDouble()).isCloseTo(40.0 / (7000 * 30) * 1000, within(EPS));
            assertThat(ip(ips, "10.0.0.3").get("utilization").asDouble()).isCloseTo(0.95, within(EPS));
            assertThat(ip(ips, "10.0.0.6").get("utilization").isNull()).isTrue();
            assertThat(ip(ips, "10.0.0.6").get("utilization_basis").asText()).isEqualTo("retired");

            // Only 10.0.0.2 (7,000 / 7 = 1,000 a day of 10,000: 0.1 < 0.2) is underused; warming IPs never are.
            JsonNode under = c.get("underutilized");
            assertThat(under.get("threshold").asDouble()).isEqualTo(0.2);
            assertThat(under.get("ips")).extracting(n -> n.get("ip").asText()).containsExactly("10.0.0.2");
            assertThat(under.get("ips").get(0).get("utilization").asDouble()).isCloseTo(0.1, within(EPS));
            assertThat(under.get("ips").get(0).get("monthly_savings_usd").asDouble()).isEqualTo(30.0);
            assertThat(under.get("total_monthly_savings_usd").asDouble()).isEqualTo(30.0);

            // Warm-up: day 3's target is 500 × 1.4² = 980, 1,200 sent is 1.22 × (> 1.1: ahead);
            // day 10's is round(500 × 1.4⁹) = 10,331, 3,000 sent is 0.29 × (< 0.5: behind).
            JsonNode warm = c.get("warmup").get("ips");
            assertThat(warm).hasSize(2);
            JsonNode ahead = ip(warm, "10.0.0.4");
            assertThat(ahead.get("day").asLong()).isEqualTo(3);
            assertThat(ahead.get("target_today").asLong()).isEqualTo(980);
            assertThat(ahead.get("sent_today").asLong()).isEqualTo(1200);
            assertThat(ahead.get("ratio").asDouble()).isCloseTo(1200.0 / 980, within(EPS));
            assertThat(ahead.get("status").asText()).isEqualTo("ahead");
            assertThat(ahead.get("bounce_rate").asDouble()).isCloseTo(40.0 / 1200, within(EPS));
            assertThat(ahead.get("spam_rate").asDouble()).isCloseTo(6.0 / 1100, within(EPS));
            JsonNode behind = ip(warm, "10.0.0.5");
            assertThat(behind.get("day").asLong()).isEqualTo(10);
            assertThat(behind.get("target_today").asLong()).isEqualTo(10_331);
            assertThat(behind.get("status").asText()).isEqualTo("behind");
            assertThat(ip(ips, "10.0.0.4").get("utilization_basis").asText()).isEqualTo("warmup_target");
            assertThat(ip(ips, "10.0.0.4").get("utilization").asDouble()).isCloseTo(1200.0 / 980, within(EPS));

            // Last month: a whole month has elapsed, 100,000 sent.
            String last = YearMonth.from(before.atZone(ZoneOffset.UTC)).minusMonths(1).toString();
            JsonNode past = get(client, "/api/v1/cost?month=" + last, 200).get("summary");
            assertThat(past.get("elapsed_fraction").asDouble()).isEqualTo(1.0);
            assertThat(past.get("cost_per_email_usd").asDouble()).isCloseTo(335.5 / 100_000, within(EPS));

            // A month before any traffic: no summary row, the IPs as today.
            JsonNode empty = get(client, "/api/v1/cost?month=2020-01", 200);
            assertThat(empty.get("summary").isNull()).isTrue();
            assertThat(empty.get("ips")).hasSize(6);

            for (String bad : List.of("2026-13", "2026-00", "26-01", "abc", "2026-1")) {
                JsonNode e = get(client, "/api/v1/cost?month=" + bad, 400);
                assertThat(e.get("parameter").asText()).isEqualTo("month");
            }
        });
    }

    @Test
    void utilizationSaysWhereVpsFiguresComeFromAndRatesEveryIp() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode u = get(client, "/api/v1/utilization", 200);
            assertThat(u.get("source").asText()).isEqualTo("unavailable");
            assertThat(u.get("reason").asText()).isEqualTo("PROMETHEUS_URL is not set");
            assertThat(u.get("vps")).extracting(n -> n.get("instance_id").asText()).containsExactly("vps-1", "vps-2");
            assertThat(u.get("vps").get(0).get("cpu").get("last_hour").isNull()).isTrue();
            assertThat(u.get("vps").get(0).get("monthly_cost_usd").asDouble()).isEqualTo(120.0);

            // Bands: 0.1 underused, 0.7 optimal, 0.95 saturated.
            JsonNode ips = u.get("ips");
            assertThat(ip(ips, "10.0.0.2").get("band").asText()).isEqualTo("underused");
            assertThat(ip(ips, "10.0.0.1").get("band").asText()).isEqualTo("optimal");
            assertThat(ip(ips, "10.0.0.3").get("band").asText()).isEqualTo("saturated");
            assertThat(ip(ips, "10.0.0.1").get("volume_vs_capacity").asDouble()).isCloseTo(0.7, within(EPS));
            assertThat(ip(ips, "10.0.0.1").get("success_rate").asDouble()).isCloseTo(48_000.0 / 49_000, within(EPS));
            JsonNode warming = ip(ips, "10.0.0.4");
            assertThat(warming.get("warmup").get("day").asLong()).isEqualTo(3);
            assertThat(warming.get("warmup").get("progress").asDouble()).isCloseTo(980.0 / 50_000, within(EPS));
            assertThat(warming.get("band").isNull()).isTrue();
        });
    }

    @Test
    void theEfficiencyScoreIsAnsweredWithEveryTermAndItsInputs() {
        JavalinTest.test(app(), (server, client) -> {
            Instant before = Instant.now();
            JsonNode e = get(client, "/api/v1/efficiency", 200);
            assertThat(e.get("period").asText()).isEqualTo("PT24H");
            JsonNode terms = e.get("terms");

            // D: 9,600 of 10,000 delivered in the last 24 h.
            JsonNode d = terms.get("deliverability");
            assertThat(d.get("weight").asDouble()).isEqualTo(0.3);
            assertThat(d.get("inputs").get("sent").asLong()).isEqualTo(10_000);
            assertThat(d.get("value").asDouble()).isCloseTo(0.96, within(EPS));

            // C: min(1, 0.0004 / this month's cost per email).
            JsonNode c = terms.get("cost");
            double perEmail = c.get("inputs").get("cost_per_email_usd").asDouble();
            assertThat(perEmail).isCloseTo(335.5 * elapsedFraction(before) / 50_000, within(1e-6));
            assertThat(c.get("value").asDouble()).isCloseTo(Math.min(1, 0.0004 / perEmail), within(EPS));

            // U: active IPs only (no VPS has metrics without Prometheus): f(0.7) = 1, f(0.1) = 0.1/0.6,
            // f(0.95) = 1 - 0.5 × 0.10/0.15.
            JsonNode u = terms.get("utilization");
            assertThat(u.get("inputs").get("resources")).extracting(n -> n.get("id").asText())
                    .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
            double fU = (1 + 0.1 / 0.6 + (1 - 0.5 * 0.10 / 0.15)) / 3;
            assertThat(u.get("value").asDouble()).isCloseTo(fU, within(1e-9));

            // R: minutes to acknowledge 10, 40 (resolved unacknowledged), ~100 (still firing): median 40;
            // 1 - (40 - 15) / (7 × 15).
            JsonNode r = terms.get("response");
            assertThat(r.get("inputs").get("alerts").asInt()).isEqualTo(3);
            assertThat(r.get("inputs").get("median_minutes_to_acknowledge").asDouble()).isCloseTo(40.0, within(0.01));
            double fR = 1 - (40.0 - 15) / (7 * 15);
            assertThat(r.get("value").asDouble()).isCloseTo(fR, within(0.001));

            double score = 100 * (0.3 * 0.96 + 0.3 * c.get("value").asDouble() + 0.2 * fU + 0.2 * r.get("value").asDouble());
            assertThat(e.get("score").asDouble()).isCloseTo(score, within(1e-9));

            // Benchmarks over the same period: deliverability 96 % >= 95 %, bounce 1.5 % < 2 %, spam 0.125 % not < 0.1 %.
            List<String> verdicts = new ArrayList<>();
            e.get("benchmarks").forEach(b -> verdicts.add(b.get("metric").asText() + "=" + b.get("verdict").asText()));
            assertThat(verdicts).startsWith("deliverability_rate=better", "bounce_rate=better", "spam_rate=worse");

            // Recommendations: the stale job first, then by value: the warning and critical senders
            // (9,000, 8,000, 5,000), retiring 10.0.0.2 ($30), slowing the 10.0.0.4 warm-up
            // (6/1,100 × 1,200 × 30/7 × $0.25 = $7.01).
            List<String> kinds = new ArrayList<>();
            e.get("recommendations").forEach(n -> kinds.add(n.get("kind").asText() + ":" + n.get("expected_value_usd").asText()));
            assertThat(kinds).containsExactly("check_pipeline:null", "fix_sender:9000.0", "fix_sender:8000.0",
                    "fix_sender:5000.0", "retire_ip:30.0", "slow_warmup:7.01");
            assertThat(e.get("recommendations").get(1).get("link").asText())
                    .isEqualTo("?dimension=sending_domain&value=mail.two.example");

            JsonNode week = get(client, "/api/v1/efficiency?period=7d", 200);
            assertThat(week.get("period").asText()).isEqualTo("PT168H");
            assertThat(week.get("terms").get("response").get("inputs").get("alerts").asInt()).isEqualTo(4);
            assertThat(get(client, "/api/v1/efficiency?period=abc", 400).get("parameter").asText()).isEqualTo("period");
            assertThat(get(client, "/api/v1/efficiency?period=0m", 400).get("parameter").asText()).isEqualTo("period");
        });
    }

    @Test
    void panelAnswersAreGzippedForClientsThatAcceptIt() {
        JavalinTest.test(app(), (server, client) -> {
            for (String path : List.of("/api/v1/cost", "/api/v1/efficiency")) {
                java.net.http.HttpResponse<byte[]> r;
                try {
                    r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://127.0.0.1:" + server.port() + path))
                            .header("Authorization", "Bearer " + TestData.VIEWER).header("Accept-Encoding", "gzip").build(),
                            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().allValues("content-encoding")).containsExactly("gzip");
                byte[] body = r.body();
                String json;
                try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                    json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                JsonNode plain = get(client, path, 200);
                try {
                    JsonNode unzipped = JSON.readTree(json);
                    // Same answer either way (the efficiency period ends at now, so compare what does not move).
                    assertThat(unzipped.fieldNames()).toIterable().containsExactlyElementsOf(() -> plain.fieldNames());
                    if (path.endsWith("cost")) {
                        assertThat(unzipped.get("ips")).isEqualTo(plain.get("ips"));
                    } else {
                        assertThat(unzipped.get("terms").get("deliverability")).isEqualTo(plain.get("terms").get("deliverability"));
                    }
                } catch (Exception e) {
                    throw new AssertionError(json, e);
                }
            }
        });
    }

    @Test
    void theVocabularyAndTheCallerAreAnswered() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode v = get(client, "/api/v1/vocabulary", 200);
            assertThat(v.get("dimensions")).extracting(JsonNode::asText)
                    .containsExactly("all", "account", "sending_domain", "sending_ip", "provider", "recipient_domain");
            assertThat(v.get("severities").get(4).get("name").asText()).isEqualTo("critical");
            assertThat(v.get("severities").get(4).get("colour").asText()).isEqualTo("red");
            assertThat(v.get("policies").get(0).get("bounce").get("critical").asDouble()).isEqualTo(0.15);
            JsonNode me = get(client, "/api/v1/me", 200);
            assertThat(me.get("name").asText()).isEqualTo("vera");
            assertThat(me.get("role").asText()).isEqualTo("viewer");
        });
    }
}
