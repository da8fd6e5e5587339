package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.common.RiskPolicy;
import dev.revguard.job.RevguardJob;
import dev.revguard.job.standalone.LatestCheckpoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM stops the standalone job within {@code SHUTDOWN_TIMEOUT} whatever it cannot reach: first with
 * PostgreSQL unreachable (a TCP proxy between the job and the database cuts every connection), after which the
 * next start resumes from the latest checkpoint and the tables end exact; then with the broker stopped and
 * PostgreSQL unreachable at once.
 */
class BoundedShutdownIT {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedShutdownIT.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** What the JVM needs on top of the timeout to halt and the test to see it gone. */
    private static final Duration MARGIN = Duration.ofSeconds(4);

    @TempDir
    Path checkpoints;

    @Test
    void aStopEndsWithinTheTimeoutWhateverIsUnreachableAndLosesNothing() throws Exception {
        Scenario scenario = Scenario.generate(11, 2, 120);
        String topic = "posthog-events-shutdown";
        KafkaBroker kafka = KafkaBroker.start();
        URI db0 = URI.create(TestDatabase.URL.substring("jdbc:".length()));
        try (TestDatabase db = new TestDatabase("shutdown"); TcpProxy pg = TcpProxy.start(db0.getHost(), db0.getPort())) {
            kafka.createTopic(topic, 2);
            Map<String, String> env = ItSettings.base(kafka, topic, db, checkpoints);
            env.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + pg.port() + db0.getPath());
            env.put("SHUTDOWN_TIMEOUT", TIMEOUT.toSeconds() + "s");
            env.put("KAFKA_GROUP_ID", "revguard-shutdown-it");
            env.put("PARALLELISM", "2");
            Path logDir = Path.of("target", "shutdown-it");
            Files.createDirectories(logDir);

            // 1. PostgreSQL unreachable at the stop
            kafka.produce(topic, scenario.phaseA1);
            Process first = start(env, logDir.resolve("run-1.log"));
            Await.until("first rows", Duration.ofSeconds(90),
                    () -> db.count("SELECT count(*) FROM deliverability_window WHERE dimension = 'all'") > 0);
            Await.until("a completed checkpoint", Duration.ofSeconds(30),
                    () -> LatestCheckpoint.find(checkpoints.toUri().toString()).isPresent());
            kafka.produce(topic, scenario.phaseA2);
            pg.cut();
            Thread.sleep(1000); // the sinks meet the cut
            Duration stop1 = stop(first);
            LOG.info("Stop with PostgreSQL unreachable: {} ms, exit {}", stop1.toMillis(), first.exitValue());
            assertThat(stop1).isLessThanOrEqualTo(TIMEOUT.plus(MARGIN));

            // nothing lost: the next start resumes from the latest checkpoint and the rows end exact
            pg.restore();
            Process second = start(env, logDir.resolve("run-2.log"));
            try {
                // As in StandaloneRestartIT: newer events move the restored job's watermark past minute 8, and a
                // checkpoint keeps it there, before phase B's too-late events arrive.
                kafka.produce(topic, scenario.phaseA3);
                long minute8 = Scenario.T0 + 8 * Scenario.MINUTE;
                Await.until("minute 8 final", Duration.ofSeconds(90), () -> db.count(
                        "SELECT count(*) FROM deliverability_window WHERE dimension = 'all' AND is_final "
                                + "AND window_start = to_timestamp(" + minute8 / 1000 + ")") == 1);
                ExactRows.awaitCheckpointFromNow(checkpoints);
                kafka.produce(topic, scenario.phaseB);
                ExactRows.Counts exact = ExactRows.awaitAll(scenario, db);
                assertThat(Files.readString(logDir.resolve("run-2.log"))).contains("Restoring state from");
                LOG.info("After the bounded stop: {} window rows, {} snapshots, {} dead letters exact",
                        exact.windows(), exact.snapshots(), exact.deadLetters());

                // 2. the broker and PostgreSQL unreachable at the stop
                kafka.close();
                kafka = null;
                pg.cut();
                Thread.sleep(1000);
            } finally {
                Duration stop2 = stop(second);
                LOG.info("Stop with Kafka and PostgreSQL unreachable: {} ms, exit {}", stop2.toMillis(), second.exitValue());
                assertThat(stop2).isLessThanOrEqualTo(TIMEOUT.plus(MARGIN));
            }
        } finally {
            if (kafka != null) kafka.close();
        }
    }

    /** SIGTERM, then how long until the process is gone (at most a minute, then it is killed). */
    private static Duration stop(Process p) throws Exception {
        long t0 = System.nanoTime();
        p.destroy();
        boolean gone = p.waitFor(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!gone) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return took;
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
