package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.common.RiskPolicy;
import dev.revguard.job.standalone.LatestCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker stopped for 30 s (SIGTERM to a broker process of its own) and started again on the same log
 * directory and port, while the standalone job runs: the job goes on by itself once the broker is back, and the
 * tables end exact, with no value on the way that the correct result rules out.
 */
class KafkaRestartIT {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRestartIT.class);
    private static final Duration DOWN = Duration.ofSeconds(30);

    @TempDir
    Path checkpoints;

    @TempDir
    Path brokerDir;

    @Test
    void theJobGoesOnWhenTheBrokerIsBackAndLosesNothing() throws Exception {
        long t0 = System.nanoTime();
        Scenario scenario = Scenario.generate(19, 2, 120);
        LOG.info("Scenario kafka-restart: {}", scenario.summary());
        String topic = "posthog-events-kafka-restart";
        try (BrokerProcess kafka = BrokerProcess.start(brokerDir); TestDatabase db = new TestDatabase("kafka_restart")) {
            kafka.createTopic(topic, 2);
            kafka.createTopic(topic + "-providers", 2);
            Map<String, String> env = ItSettings.base(kafka.bootstrapServers(), topic, db, checkpoints);
            env.put("KAFKA_GROUP_ID", "revguard-kafka-restart-it");
            env.put("PARALLELISM", "2");
            Path logDir = Path.of("target", "kafka-restart-it");
            Files.createDirectories(logDir);

            long finalWatermark = scenario.maxCountedTimestamp() - 10_000 - 1;
            List<String> expectedWindows = scenario.expectedWindows(finalWatermark);
            kafka.produce(topic, scenario.phaseA1);
            try (StandaloneJob job = StandaloneJob.start(env, logDir.resolve("job.log"));
                    WindowRowWatch watch = new WindowRowWatch(db, expectedWindows)) {
                Await.until("first rows", Duration.ofSeconds(90),
                        () -> db.count("SELECT count(*) FROM deliverability_window WHERE dimension = 'all'") > 0);
                Await.until("a completed checkpoint", Duration.ofSeconds(30),
                        () -> LatestCheckpoint.find(checkpoints.toUri().toString()).isPresent());
                kafka.produce(topic, scenario.phaseA2);

                // The broker stopped while the job reads phase A2, down for DOWN in all.
                long stopAt = System.nanoTime();
                Duration stopping = kafka.stop();
                assertThat(kafka.portClosed()).isTrue();
                Thread.sleep(Math.max(0, DOWN.minus(Duration.ofNanos(System.nanoTime() - stopAt)).toMillis()));
                long restartsWhileDown = job.restarts();
                String statusWhileDown = job.status();
                assertThat(job.alive()).isTrue();
                kafka.start();
                long backAt = System.nanoTime();
                LOG.info("Broker stopped (clean shutdown in {} ms), down {} s in all until it took clients again; "
                        + "meanwhile the job restarted {} times, status {}", stopping.toMillis(),
                        Duration.ofNanos(backAt - stopAt).toSeconds(), restartsWhileDown, statusWhileDown);

                kafka.produce(topic, scenario.phaseA3);
                List<String> beforeB = scenario.expectedWindowsBeforePhaseB();
                try {
                    Await.until("rows exact after the broker's restart", Duration.ofSeconds(150), () -> {
                        List<String> rows = db.rows(Scenario.WINDOW_QUERY);
                        return rows.size() == beforeB.size() && rows.containsAll(beforeB);
                    });
                } finally {
                    logWhatTheWindowsDropped(job, db);
                    assertThat(db.rows(Scenario.WINDOW_QUERY)).containsExactlyInAnyOrderElementsOf(beforeB);
                }
                Duration recovery = Duration.ofNanos(System.nanoTime() - backAt);
                LOG.info("Recovery: broker back -> {} window rows exact in {} ms (job restarts so far: {})",
                        beforeB.size(), recovery.toMillis(), job.restarts());

                ExactRows.awaitCheckpointFromNow(checkpoints);
                kafka.produce(topic, scenario.phaseB);
                ExactRows.Counts exact = ExactRows.awaitAll(scenario, db);
                long restarts = job.restarts();
                watch.close();
                LOG.info("Kafka restart verified: {} records sent, {} window rows, {} snapshots, {} hourly, {} daily, "
                        + "{} dead letters exact; {} job restarts; {} reads of the table during the run, {} final rows "
                        + "watched, violations: {}; recovery {} ms; test {} s",
                        scenario.phaseA1.size() + scenario.phaseA2.size() + scenario.phaseA3.size() + scenario.phaseB.size(),
                        exact.windows(), exact.snapshots(), exact.hours(), exact.days(),
                        scenario.deadLetters.size(), restarts, watch.reads(), watch.finalRowsSeen(),
                        watch.violations().size(), recovery.toMillis(), Duration.ofNanos(System.nanoTime() - t0).toSeconds());
                assertThat(watch.violations()).as("values the table held that the correct result rules out").isEmpty();
                assertThat(job.alive()).isTrue();
            }
        }
    }

    /** Events the window operator dropped as later than its watermark allows never reach a row or a dead letter. */
    private static void logWhatTheWindowsDropped(StandaloneJob job, TestDatabase db) {
        try {
            LOG.info("The minute windows dropped {} records as too late; {} dead letters so far",
                    job.metricSum("count outcomes per minute", "numLateRecordsDropped"),
                    db.count("SELECT count(*) FROM dead_letter_events"));
        } catch (Exception e) {
            LOG.warn("Could not read the window operator's metrics: {}", e.toString());
        }
    }
}
