package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.revguard.job.RevguardJob;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone job with {@code METRICS_PORT} serves its metrics at {@code GET /metrics} in the Prometheus
 * format: one run against a real broker and PostgreSQL with a scenario holding duplicates, ignored events,
 * malformed records and events too late to count, and alerts whose webhook target is down (given up
 * after a one-second horizon). The families exist with the values the scenario implies,
 * {@code promtool check metrics} finds nothing to report, and every job metric the example alert rules
 * (scripts/revguard-alerts.rules.yml) name is among them.
 */
class MetricsIT {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsIT.class);
    private static final Path RULES = Path.of("..", "scripts", "revguard-alerts.rules.yml");

    @TempDir
    Path checkpoints;

    @Test
    void theJobsMetricsAreServedInThePrometheusFormatAndPassPromtool() throws Exception {
        Scenario scenario = Scenario.generate(23, 1, 40);
        String topic = "posthog-events-metrics";
        int port = freePort();
        try (KafkaBroker kafka = KafkaBroker.start(); TestDatabase db = new TestDatabase("metrics")) {
            kafka.createTopic(topic, 1);
            Map<String, String> env = ItSettings.base(kafka, topic, db, checkpoints);
            env.put("METRICS_PORT", String.valueOf(port));
            env.put("PARALLELISM", "1");
            env.put("ALERT_HOLD", "0s");
            env.put("ALERT_WEBHOOK_URLS", "http://127.0.0.1:" + freePort() + "/down");
            env.put("ALERT_WEBHOOK_SECRET", "metrics-it-secret-0123456789");
            env.put("ALERT_RETRY_HORIZON", "1s");
            env.put("ALERT_RETRY_INITIAL", "100ms");
            env.put("ALERT_RETRY_MAX", "200ms");
            Path logDir = Path.of("target", "metrics-it");
            Files.createDirectories(logDir);

            kafka.produce(topic, scenario.phaseA1);
            kafka.produce(topic, scenario.phaseA2);
            kafka.produce(topic, scenario.phaseA3);
            Process job = start(env, logDir.resolve("job.log"));
            try {
                long minute8 = Scenario.T0 + 8 * Scenario.MINUTE;
                Await.until("minute 8 final", Duration.ofSeconds(90), () -> db.count(
                        "SELECT count(*) FROM deliverability_window WHERE dimension = 'all' AND is_final "
                                + "AND window_start = to_timestamp(" + minute8 / 1000 + ")") == 1);
                kafka.produce(topic, scenario.phaseB);
                int sent = scenario.phaseA1.size() + scenario.phaseA2.size() + scenario.phaseA3.size() + scenario.phaseB.size();
                Map<String, Long> reasons = new TreeMap<>();
                scenario.deadLetters.forEach(d -> reasons.merge(d.substring(d.lastIndexOf('/') + 1), 1L, Long::sum));
                Await.until("every dead letter stored", Duration.ofSeconds(60),
                        () -> db.count("SELECT count(*) FROM dead_letter_events") == scenario.deadLetters.size());

                String url = "http://127.0.0.1:" + port + "/metrics";
                AtomicReference<Exposition> last = new AtomicReference<>();
                AtomicReference<String> status = new AtomicReference<>("no scrape yet");
                try {
                Await.until("the metrics to catch up", Duration.ofSeconds(60), () -> {
                    Exposition m = Exposition.scrape(url);
                    last.set(m);
                    Files.writeString(logDir.resolve("metrics.txt"), m.text());
                    status.set("records read " + m.sum("_revguard_source_records_read") + " of " + sent
                            + ", dead letters " + m.sum("_revguard_reason_dead_letters") + " of " + scenario.deadLetters.size()
                            + ", deliveries pending " + m.sum("_revguard_pending_webhook_deliveries")
                            + ", given up " + m.sum("_revguard_failed_webhook_deliveries"));
                    return m.names().stream().anyMatch(n -> n.endsWith("_revguard_source_records_read"))
                            && m.sum("_revguard_source_records_read") == sent
                            && m.sum("_revguard_reason_dead_letters") == scenario.deadLetters.size()
                            && m.sum("_revguard_table_rows_written", "table", "dead_letter_events") == scenario.deadLetters.size()
                            && m.sum("_jobmanager_job_completed_checkpoints") > 0
                            && m.sum("_revguard_pending_webhook_deliveries")
                                    == db.count("SELECT count(*) FROM alert_delivery_targets WHERE state = 'pending'")
                            && m.sum("_revguard_failed_webhook_deliveries")
                                    == db.count("SELECT count(*) FROM alert_delivery_targets WHERE state = 'gave_up'");
                });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": " + status.get(), e);
                }
                Exposition m = last.get();
                Files.writeString(logDir.resolve("metrics.txt"), m.text());
                LOG.info("Job metric families ({}): {}", m.names().size(), m.names());

                // records read per source, and what became of them
                assertThat(m.sum("_revguard_source_records_read", "source", "posthog")).isEqualTo((double) sent);
                assertThat(m.sum("_revguard_source_ignored_events", "source", "posthog")).isEqualTo((double) scenario.ignored);
                assertThat(m.sum("_revguard_duplicate_events")).isEqualTo((double) scenario.duplicates);
                assertThat(m.sum("_revguard_late_events")).isEqualTo((double) scenario.tooLate);
                // dead letters by reason, every reason present (0 when none)
                reasons.forEach((reason, n) -> assertThat(m.sum("_revguard_reason_dead_letters", "reason", reason))
                        .as("dead letters %s", reason).isEqualTo((double) n));
                assertThat(m.of("_revguard_reason_dead_letters")).extracting(s -> s.labels().get("reason"))
                        .contains("late", "unparseable_json", "too_large", "bad_signature");
                // rows written per table
                long windowRows = db.count("SELECT count(*) FROM deliverability_window");
                assertThat(m.sum("_revguard_table_rows_written", "table", "deliverability_window")).isGreaterThanOrEqualTo((double) windowRows);
                assertThat(m.sum("_revguard_table_rows_written", "table", "risk_snapshot")).isPositive();
                assertThat(m.sum("_revguard_table_rows_written", "table", "strategic_decisions")).isPositive();
                // watermark lag: now minus the event time settled, per source (the scenario's events are from T0)
                double lag = m.sum("_revguard_source_watermark_lag_seconds", "source", "posthog-events");
                double expected = (System.currentTimeMillis() - (Scenario.T0 + 10 * Scenario.MINUTE)) / 1000.0;
                assertThat(lag).isCloseTo(expected, within(300.0));
                assertThat(m.of("_revguard_source_watermark_lag_seconds")).extracting(s -> s.labels().get("source"))
                        .containsExactlyInAnyOrder("posthog-events", "provider-events");
                // checkpoints
                assertThat(m.sum("_jobmanager_job_last_checkpoint_duration_seconds")).isBetween(0.0, 30.0);
                assertThat(m.sum("_jobmanager_job_last_checkpoint_size_bytes")).isPositive();
                assertThat(m.of("_jobmanager_job_failed_checkpoints")).hasSize(1);
                assertThat(m.sum("_jobmanager_job_restarts")).isZero();
                // webhook deliveries (the target is down: every one is given up after the horizon)
                long targets = db.count("SELECT count(*) FROM alert_delivery_targets");
                LOG.info("Webhook deliveries: {} targets, {} pending, {} given up", targets,
                        m.sum("_revguard_pending_webhook_deliveries"), m.sum("_revguard_failed_webhook_deliveries"));
                assertThat(m.sum("_revguard_oldest_pending_webhook_delivery_seconds")).isGreaterThanOrEqualTo(0);
                // no camelCase, Flink's own families trimmed to the ones worth having
                assertThat(m.names()).allMatch(n -> n.equals(n.toLowerCase())).hasSizeLessThan(60);

                Exposition.Check check = m.promtool();
                LOG.info("promtool check metrics (job): exit {}, output [{}]", check.exitCode(), check.output().strip());
                assertThat(check.output()).isEmpty();
                assertThat(check.exitCode()).isZero();
                assertThat(m.text()).contains("# HELP ").contains("# TYPE ");

                // every job metric an example alert rule names is served
                TreeSet<String> named = new TreeSet<>();
                Matcher names = Pattern.compile("\\bflink_[a-z0-9_]+").matcher(Files.readString(RULES));
                while (names.find()) {
                    named.add(names.group());
                }
                assertThat(named).isNotEmpty();
                assertThat(m.names()).containsAll(named);
                Exposition.Check rules = Exposition.checkRules(RULES);
                LOG.info("promtool check rules: exit {}, {}", rules.exitCode(), rules.output().strip());
                assertThat(rules.exitCode()).isZero();
                assertThat(rules.output()).contains("SUCCESS");
            } finally {
                job.destroy();
                if (!job.waitFor(30, TimeUnit.SECONDS)) {
                    job.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process start(Map<String, String> env, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                RevguardJob.class.getName());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }
}
