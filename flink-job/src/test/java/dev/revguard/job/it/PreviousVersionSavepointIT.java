package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.common.RiskPolicy;
import dev.revguard.job.Inputs;
import dev.revguard.job.RevguardJob;
import dev.revguard.job.RiskPipeline;
import dev.revguard.job.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as it was before it read provider events (commit f19dee2) counted the first half of a
 * scenario and was stopped with a savepoint; {@code src/test/resources/savepoints/f19dee2/} holds
 * that savepoint and the rows the old job had written. This version restores it, reads the second
 * half, and every minute, hourly, daily and snapshot row must be exactly what the scenario gives:
 * nothing lost, nothing counted twice, across the upgrade that added the provider source, the
 * message matching and the sending-IP finality.
 */
class PreviousVersionSavepointIT {
    private static final String TOPIC = "previous-version-events";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static KafkaBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void theNewJobRestoresThePreviousVersionsSavepointAndCountsExactly() throws Exception {
        Path saved = Path.of(PreviousVersionSavepointIT.class.getResource("/savepoints/f19dee2").toURI());
        List<String> about = Files.readAllLines(saved.resolve("savepoint.txt"));
        Path savepoint = saved.resolve(Path.of(about.get(0).replaceFirst("^file:", "")).getFileName());
        String oldSchema = about.get(1);

        // The same records at the same offsets as when the old job read the first half.
        Scenario scenario = Scenario.generateOnTimeWithoutDecisions(11, 2, 150);
        kafka.createTopic(TOPIC, 2);
        kafka.produce(TOPIC, scenario.phaseA1);
        kafka.produce(TOPIC, scenario.phaseA2);

        try (TestDatabase db = new TestDatabase("prevver")) {
            // The rows the old job wrote before it stopped: the upgrade keeps its database.
            String rows = Files.readString(saved.resolve("tables.sql")).replace(oldSchema + ".", db.schema() + ".");
            try (Connection c = db.settings().connect(); Statement s = c.createStatement()) {
                for (String line : rows.split("\n")) {
                    // The rows, and the sequences of their ids (pg_dump's setval lines).
                    if (line.startsWith("INSERT INTO ") || line.startsWith("SELECT pg_catalog.setval(")) {
                        s.execute(line);
                    }
                }
            }
            JobConfig config = ItSettings.config(kafka, TOPIC, db, dir.resolve("checkpoints"), Map.of("EVALUATION_WINDOW", "15m"));
            Configuration flink = RevguardJob.flinkConfiguration(config);
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            env.setParallelism(2);
            RiskPipeline.build(env, Inputs.kafka(config), RevguardJob.postgresSinks(config), config);
            StreamGraph graph = env.getStreamGraph();
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint.toUri().toString(), false));
            JobClient job = env.executeAsync(graph);

            long finalWatermark = scenario.maxCountedTimestamp() - 10_000 - 1;
            List<String> windows = scenario.expectedWindows(finalWatermark);
            List<String> snapshots = scenario.expectedSnapshots(RiskPolicy.SEED);
            List<String> hours = scenario.expectedRollups(Scenario.HOUR, finalWatermark);
            List<String> days = scenario.expectedRollups(Scenario.DAY, finalWatermark);
            try {
                Await.until("the new job completes the rows", Duration.ofSeconds(90), () ->
                        db.rows(Scenario.WINDOW_QUERY).size() == windows.size()
                                && db.rows(Scenario.WINDOW_QUERY).containsAll(windows)
                                && db.rows(Scenario.SNAPSHOT_QUERY).containsAll(snapshots)
                                && db.rows(Scenario.rollupQuery("deliverability_hourly")).containsAll(hours)
                                && db.rows(Scenario.rollupQuery("deliverability_daily")).containsAll(days));
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(db.rows(Scenario.WINDOW_QUERY)).containsExactlyInAnyOrderElementsOf(windows);
            assertThat(db.rows(Scenario.SNAPSHOT_QUERY)).containsExactlyInAnyOrderElementsOf(snapshots);
            assertThat(db.rows(Scenario.rollupQuery("deliverability_hourly"))).containsExactlyInAnyOrderElementsOf(hours);
            assertThat(db.rows(Scenario.rollupQuery("deliverability_daily"))).containsExactlyInAnyOrderElementsOf(days);
            assertThat(db.count("SELECT count(*) FROM dead_letter_events")).isEqualTo(scenario.deadLetters.size());
        }
    }
}
