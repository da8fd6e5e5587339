package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.RevguardJob;
import dev.revguard.common.RiskPolicy;
import dev.revguard.job.standalone.LatestCheckpoint;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone runner in its own JVM, as {@code java -jar} runs it: killed with SIGKILL in the
 * middle of the stream and started again with the same configuration, it resumes by itself from
 * the latest completed checkpoint and the tables end exactly as if nothing had happened.
 */
class StandaloneRestartIT {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneRestartIT.class);
    private static final int PARTITIONS = 2;
    private static KafkaBroker kafka;

    @TempDir
    Path checkpoints;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void aKilledStandaloneJobResumesFromItsLatestCheckpoint() throws Exception {
        Scenario scenario = Scenario.generate(7, PARTITIONS, 120);
        LOG.info("Scenario standalone: {}", scenario.summary());
        String topic = "posthog-events-standalone";
        kafka.createTopic(topic, PARTITIONS);

        try (TestDatabase db = new TestDatabase("standalone")) {
            Map<String, String> env = ItSettings.base(kafka, topic, db, checkpoints);
            env.put("KAFKA_GROUP_ID", "revguard-standalone-it");
            env.put("PARALLELISM", "2");
            Path logDir = Path.of("target", "standalone-it");
            Files.createDirectories(logDir);

            kafka.produce(topic, scenario.phaseA1);
            Process first = start(env, logDir.resolve("run-1.log"));
            try {
                Await.until("first rows", Duration.ofSeconds(90),
                        () -> db.count("SELECT count(*) FROM deliverability_window WHERE dimension = 'all'") > 0);
                Await.until("a completed checkpoint", Duration.ofSeconds(30),
                        () -> LatestCheckpoint.find(checkpoints.toUri().toString()).isPresent());
                kafka.produce(topic, scenario.phaseA2);
                Thread.sleep(400);
            } finally {
                first.destroyForcibly(); // SIGKILL: no clean shutdown, no final checkpoint
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            LOG.info("First run killed with exit code {}; {} rows of 'all' were written", first.exitValue(),
                    db.count("SELECT count(*) FROM deliverability_window WHERE dimension = 'all'"));
            assertThat(first.exitValue()).isEqualTo(137);

            Process second = start(env, logDir.resolve("run-2.log"));
            try {
                // Newer events move the watermark on: the restored checkpoint may already hold all of A2.
                kafka.produce(topic, scenario.phaseA3);
                long minute8 = Scenario.T0 + 8 * Scenario.MINUTE;
                Await.until("minute 8 final", Duration.ofSeconds(90), () -> db.count(
                        "SELECT count(*) FROM deliverability_window WHERE dimension = 'all' AND is_final "
                                + "AND window_start = to_timestamp(" + minute8 / 1000 + ")") == 1);
                ExactRows.awaitCheckpointFromNow(checkpoints);
                kafka.produce(topic, scenario.phaseB);

                ExactRows.Counts exact = ExactRows.awaitAll(scenario, db);
                assertThat(Files.readString(logDir.resolve("run-2.log"))).contains("Restoring state from");
                LOG.info("Standalone restart verified: {} window rows, {} snapshots, {} dead letters",
                        exact.windows(), exact.snapshots(), exact.deadLetters());
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
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
