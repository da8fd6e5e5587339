package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.common.RiskPolicy;
import dev.revguard.job.standalone.LatestCheckpoint;
import java.net.URI;
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
 * PostgreSQL unreachable for a minute while events keep arriving (a TCP proxy between the job and the database
 * cuts every connection and refuses new ones): the standalone job recovers by itself once the database is back,
 * nothing it read is lost, and at no time did the table hold a value the correct result rules out (a count
 * above its final value, a final row going back).
 */
class PostgresOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresOutageIT.class);
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final int SLICES = 6;

    @TempDir
    Path checkpoints;

    @Test
    void theJobRecoversByItselfWhenPostgresComesBackAndLosesNothing() throws Exception {
        long t0 = System.nanoTime();
        Scenario scenario = Scenario.generate(17, 2, 120);
        LOG.info("Scenario postgres-outage: {}", scenario.summary());
        String topic = "posthog-events-pg-outage";
        URI db0 = URI.create(TestDatabase.URL.substring("jdbc:".length()));
        try (KafkaBroker kafka = KafkaBroker.start();
                TestDatabase db = new TestDatabase("pg_outage");
                TcpProxy pg = TcpProxy.start(db0.getHost(), db0.getPort())) {
            kafka.createTopic(topic, 2);
            Map<String, String> env = ItSettings.base(kafka, topic, db, checkpoints);
            env.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + pg.port() + db0.getPath());
            env.put("KAFKA_GROUP_ID", "revguard-pg-outage-it");
            env.put("PARALLELISM", "2");
            Path logDir = Path.of("target", "pg-outage-it");
            Files.createDirectories(logDir);

            long finalWatermark = scenario.maxCountedTimestamp() - 10_000 - 1;
            List<String> expectedWindows = scenario.expectedWindows(finalWatermark);
            kafka.produceExactly(topic, scenario.phaseA1);
            try (StandaloneJob job = StandaloneJob.start(env, logDir.resolve("job.log"));
                    WindowRowWatch watch = new WindowRowWatch(db, expectedWindows)) {
                Await.until("first rows", Duration.ofSeconds(90),
                        () -> db.count("SELECT count(*) FROM deliverability_window WHERE dimension = 'all'") > 0);
                Await.until("a completed checkpoint", Duration.ofSeconds(30),
                        () -> LatestCheckpoint.find(checkpoints.toUri().toString()).isPresent());
                long rowsBefore = db.count("SELECT count(*) FROM deliverability_window");

                // The outage: events keep arriving all along, phase A2 in slices.
                pg.cut();
                long cutAt = System.nanoTime();
                List<Scenario.Record> a2 = scenario.phaseA2;
                for (int i = 0; i < SLICES; i++) {
                    kafka.produceExactly(topic, a2.subList(i * a2.size() / SLICES, (i + 1) * a2.size() / SLICES));
                    Thread.sleep(OUTAGE.toMillis() / SLICES);
                }
                long restartsDuringOutage = job.restarts();
                LOG.info("PostgreSQL cut for {} s ({} window rows written before it); {} records sent meanwhile; "
                        + "the job restarted {} times, status {}", Duration.ofNanos(System.nanoTime() - cutAt).toSeconds(),
                        rowsBefore, a2.size(), restartsDuringOutage, job.status());
                assertThat(job.alive()).isTrue();

                pg.restore();
                long backAt = System.nanoTime();
                kafka.produceExactly(topic, scenario.phaseA3);
                List<String> beforeB = scenario.expectedWindowsBeforePhaseB();
                try {
                    Await.until("rows exact after the outage", Duration.ofSeconds(150), () -> {
                        List<String> rows = db.rows(Scenario.WINDOW_QUERY);
                        return rows.size() == beforeB.size() && rows.containsAll(beforeB);
                    });
                } finally {
                    logWhatTheWindowsDropped(job, db);
                    assertThat(db.rows(Scenario.WINDOW_QUERY)).containsExactlyInAnyOrderElementsOf(beforeB);
                }
                Duration recovery = Duration.ofNanos(System.nanoTime() - backAt);
                LOG.info("Recovery: PostgreSQL back -> {} window rows exact in {} ms (job restarts so far: {})",
                        beforeB.size(), recovery.toMillis(), job.restarts());

                // As in StandaloneRestartIT: a checkpoint holds the watermark past minute 8 before phase B's
                // too-late events arrive.
                ExactRows.awaitCheckpointFromNow(checkpoints);
                kafka.produceExactly(topic, scenario.phaseB);
                ExactRows.Counts exact = ExactRows.awaitAll(scenario, db);
                long restarts = job.restarts();
                watch.close();
                LOG.info("Postgres outage verified: {} records sent, {} window rows, {} snapshots, {} hourly, {} daily, "
                        + "{} dead letters exact; {} restarts; {} reads of the table during the run ({} failed), "
                        + "{} final rows watched, violations: {}; recovery {} ms; test {} s",
                        scenario.phaseA1.size() + a2.size() + scenario.phaseA3.size() + scenario.phaseB.size(),
                        exact.windows(), exact.snapshots(), exact.hours(), exact.days(),
                        scenario.deadLetters.size(), restarts, watch.reads(), watch.readFailures(), watch.finalRowsSeen(),
                        watch.violations().size(), recovery.toMillis(), Duration.ofNanos(System.nanoTime() - t0).toSeconds());
                assertThat(watch.violations()).as("values the table held that the correct result rules out").isEmpty();
                assertThat(restarts).as("the job recovered by restarting from its latest checkpoint").isPositive();
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
