package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.RevguardJob;
import dev.revguard.job.RiskPipeline;
import dev.revguard.job.config.JobConfig;
import dev.revguard.job.Inputs;
import dev.revguard.common.RiskPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on a Flink MiniCluster, reading a real Kafka broker and writing the real
 * PostgreSQL: the tables must hold exactly what {@link Scenario} computes, with and without a
 * task failure in the middle of the stream.
 */
class RiskPipelineIT {
    private static final Logger LOG = LoggerFactory.getLogger(RiskPipelineIT.class);
    private static final int PARTITIONS = 2;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

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

    @BeforeEach
    void reset() {
        FailOnceSink.FAILED.set(false);
    }

    @Test
    void countsEveryDistinctEventOnceAndDeadLettersTheRest() throws Exception {
        runAndVerify("exact", false);
    }

    @Test
    void aTaskFailureInTheMiddleOfTheStreamChangesNoRow() throws Exception {
        runAndVerify("failure", true);
        assertThat(FailOnceSink.FAILED).as("the injected failure happened").isTrue();
    }

    @Test
    void theOpenMinuteIsWrittenEarlyWhileItsEventsArrive() throws Exception {
        String topic = "posthog-events-live";
        kafka.createTopic(topic, 1);
        try (TestDatabase db = new TestDatabase("live")) {
            Map<String, String> overrides = Map.of("CHECKPOINT_INTERVAL", "1h", "EMIT_INTERVAL", "300ms");
            JobConfig config = config(topic, db, overrides);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(RevguardJob.flinkConfiguration(config));
            env.setParallelism(1);
            RiskPipeline.build(env, Inputs.kafka(config), RevguardJob.postgresSinks(config), config);
            JobClient job = env.executeAsync("revguard-it-live");
            try {
                // Live traffic: event time is now. The first event shows the job is up.
                kafka.produce(topic, List.of(liveRecord("warm-up", System.currentTimeMillis())));
                Await.until("the job to write its first row", Duration.ofSeconds(60),
                        () -> db.count("SELECT count(*) FROM deliverability_window WHERE dimension = 'all'") > 0);

                long now = System.currentTimeMillis();
                long minute = now - now % 60_000;
                List<Scenario.Record> batch = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    batch.add(liveRecord("live-" + i, now));
                }
                long sentBefore = db.count("SELECT coalesce(sum(sent), 0) FROM deliverability_window "
                        + "WHERE dimension = 'all' AND window_start = to_timestamp(" + minute / 1000 + ")");
                long t0 = System.nanoTime();
                kafka.produce(topic, batch);
                Await.until("the open minute to show the new events", Duration.ofSeconds(10), () -> db.count(
                        "SELECT count(*) FROM deliverability_window WHERE dimension = 'all' AND NOT is_final "
                                + "AND window_start = to_timestamp(" + minute / 1000 + ") AND sent = " + (sentBefore + 25)) == 1);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                LOG.info("The open minute showed 25 new events {} ms after they were sent (not final)", millis);
                // The dashboard's snapshot follows the same update.
                Await.until("the snapshot of the open minute", Duration.ofSeconds(10), () -> db.count(
                        "SELECT count(*) FROM risk_snapshot WHERE dimension = 'all' AND sent >= " + (sentBefore + 25)) == 1);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Scenario.Record liveRecord(String uuid, long timestamp) {
        String json = ("{\"uuid\":\"%s\",\"event\":\"email_deliverability_event\",\"timestamp\":\"%s\",\"properties\":"
                + "{\"status\":\"sent\",\"account_id\":\"a\",\"sending_domain\":\"d\",\"sending_ip\":\"i\","
                + "\"provider\":\"ses\",\"recipient_domain\":\"gmail.com\"}}")
                .formatted(uuid, java.time.Instant.ofEpochMilli(timestamp));
        return new Scenario.Record(0, -1, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void runAndVerify(String name, boolean injectFailure) throws Exception {
        Scenario scenario = Scenario.generate(42, PARTITIONS, 150);
        LOG.info("Scenario {}: {}", name, scenario.summary());
        String topic = "posthog-events-" + name;
        kafka.createTopic(topic, PARTITIONS);

        try (TestDatabase db = new TestDatabase(name)) {
            JobConfig config = config(topic, db);
            Configuration flink = RevguardJob.flinkConfiguration(config);
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            env.setParallelism(PARTITIONS);

            Map<TopicPartition, Long> stop = scenario.endOffsets().entrySet().stream()
                    .collect(Collectors.toMap(e -> new TopicPartition(topic, e.getKey()), Map.Entry::getValue));
            Inputs source = Inputs.kafka(config, b -> b.setBounded(OffsetsInitializer.offsets(stop)),
                    b -> b.setBounded(OffsetsInitializer.latest()));
            RiskPipeline.Sinks sinks = RevguardJob.postgresSinks(config);
            if (injectFailure) {
                sinks = new RiskPipeline.Sinks(new FailOnceSink<>(sinks.windows(), 50), sinks.hourly(), sinks.daily(),
                        sinks.snapshots(), sinks.deadLetters(), sinks.alerts(), sinks.decisions(), sinks.minuteHistory());
            }
            RiskPipeline.build(env, source, sinks, config);

            kafka.produce(topic, scenario.phaseA1);
            JobClient job = env.executeAsync("revguard-it-" + name);
            // The first half is counted (early rows are visible) before the second is sent.
            Await.until("first rows of " + name, Duration.ofSeconds(60),
                    () -> db.count("SELECT count(*) FROM deliverability_window WHERE dimension = 'all'") > 0);
            Thread.sleep(1000);
            kafka.produce(topic, scenario.phaseA2);
            kafka.produce(topic, scenario.phaseA3);
            // The watermark passes minute 8, and a checkpoint records it, before the late events are sent.
            long minute8 = Scenario.T0 + 8 * Scenario.MINUTE;
            Await.until("minute 8 final", Duration.ofSeconds(60), () -> db.count(
                    "SELECT count(*) FROM deliverability_window WHERE dimension = 'all' AND is_final "
                            + "AND window_start = to_timestamp(" + minute8 / 1000 + ")") == 1);
            Thread.sleep(1500);
            kafka.produce(topic, scenario.phaseB);
            job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

            assertThat(db.rows(Scenario.WINDOW_QUERY))
                    .containsExactlyInAnyOrderElementsOf(scenario.expectedWindows(Long.MAX_VALUE));
            assertThat(db.rows(Scenario.SNAPSHOT_QUERY))
                    .containsExactlyInAnyOrderElementsOf(scenario.expectedSnapshots(RiskPolicy.SEED));
            // Rollups: the expected minute rows summed per UTC hour and day, late events included.
            assertThat(db.rows(Scenario.rollupQuery("deliverability_hourly")))
                    .containsExactlyInAnyOrderElementsOf(scenario.expectedRollups(Scenario.HOUR, Long.MAX_VALUE));
            assertThat(db.rows(Scenario.rollupQuery("deliverability_daily")))
                    .containsExactlyInAnyOrderElementsOf(scenario.expectedRollups(Scenario.DAY, Long.MAX_VALUE));
            assertThat(db.rows(Scenario.DECISION_QUERY)).containsExactlyInAnyOrderElementsOf(scenario.expectedDecisions());
            assertThat(db.rows(Scenario.DEAD_LETTER_QUERY))
                    .hasSameSizeAs(scenario.deadLetters)
                    .allSatisfy(row -> assertThat(scenario.deadLetters.stream().anyMatch(row::startsWith))
                            .as("expected dead letter %s", row).isTrue());
            assertThat(db.count("SELECT sum(sent + delivered + bounced + soft_bounced + deferred + dropped + spam_complaints) "
                    + "FROM deliverability_window WHERE dimension = 'all'")).isEqualTo(scenario.counted.size());
            for (String table : List.of("deliverability_hourly", "deliverability_daily")) {
                assertThat(db.count("SELECT sum(sent + delivered + bounced + soft_bounced + deferred + dropped + spam_complaints) "
                        + "FROM " + table + " WHERE dimension = 'all'")).as(table).isEqualTo(scenario.counted.size());
            }
            LOG.info("Scenario {} verified: {} window rows, {} hourly rows, {} daily rows, {} snapshot rows, {} dead letters", name,
                    db.count("SELECT count(*) FROM deliverability_window"), db.count("SELECT count(*) FROM deliverability_hourly"),
                    db.count("SELECT count(*) FROM deliverability_daily"), db.count("SELECT count(*) FROM risk_snapshot"),
                    db.count("SELECT count(*) FROM dead_letter_events"));
        }
    }

    private JobConfig config(String topic, TestDatabase db) {
        return config(topic, db, Map.of());
    }

    private JobConfig config(String topic, TestDatabase db, Map<String, String> overrides) {
        return ItSettings.config(kafka, topic, db, checkpoints, overrides);
    }
}
