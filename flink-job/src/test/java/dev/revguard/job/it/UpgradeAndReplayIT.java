package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.RevguardJob;
import dev.revguard.job.RiskPipeline;
import dev.revguard.job.config.JobConfig;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.ingest.Ingested;
import dev.revguard.job.Inputs;
import dev.revguard.job.ingest.Ingested;
import dev.revguard.common.RiskPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Data engineers' paths: upgrading the job from a savepoint, and replaying history. */
class UpgradeAndReplayIT {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeAndReplayIT.class);
    private static final String SECRET = "replay-test-secret-0123456789";

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

    /**
     * v1 is the topology before the hourly and daily rollups; v2 adds them (and an operator on the
     * events), restores v1's savepoint and must count every row exactly, the rollups included: they
     * start from the minute rows v1 wrote.
     */
    @Test
    void aChangedPipelineStartsFromAV1SavepointAndCountsExactly() throws Exception {
        Scenario scenario = Scenario.generateOnTime(11, 2, 150);
        String topic = "upgrade-events";
        kafka.createTopic(topic, 2);
        try (TestDatabase db = new TestDatabase("upgrade")) {
            JobConfig config = config(topic, db, Map.of("EVALUATION_WINDOW", "15m"));
            // v1 reads the first half, unbounded, and is stopped with a savepoint.
            kafka.produce(topic, scenario.phaseA1);
            StreamExecutionEnvironment v1 = env(config, 2);
            RiskPipeline.build(v1, Inputs.kafka(config, b -> b), RevguardJob.postgresSinks(config), config,
                    events -> events, RiskPipeline.Stages.WITHOUT_ROLLUPS);
            JobClient job1 = v1.executeAsync("revguard-v1");
            Await.until("v1 counted the first half", Duration.ofSeconds(60), () -> db.count(
                    "SELECT coalesce(sum(sent + delivered + bounced + soft_bounced + deferred + dropped + spam_complaints), 0) "
                            + "FROM deliverability_window WHERE dimension = 'all'") > 0);
            Thread.sleep(1500);
            String savepoint = job1.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
            LOG.info("v1 stopped with savepoint {}", savepoint);

            // v2 adds an operator (same uids for the stateful ones), restores, and reads the rest. The
            // restored Kafka splits carry v1's unbounded end, so v2 runs until the rows are complete.
            kafka.produce(topic, scenario.phaseA2);
            StreamExecutionEnvironment v2 = env(config, 2);
            RiskPipeline.build(v2, Inputs.kafka(config, b -> b),
                    RevguardJob.postgresSinks(config), config, UpgradeAndReplayIT::lowerCaseDomains);
            StreamGraph graph = v2.getStreamGraph();
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
            assertThat(graph.getStreamNodes()).anySatisfy(n -> assertThat(n.getOperatorName()).contains("v2: lower-case domains"));
            JobClient job2 = v2.executeAsync(graph);
            long finalWatermark = scenario.maxCountedTimestamp() - 10_000 - 1;
            List<String> expectedWindows = scenario.expectedWindows(finalWatermark);
            List<String> expectedSnapshots = scenario.expectedSnapshots(RiskPolicy.SEED);
            List<String> expectedHours = scenario.expectedRollups(Scenario.HOUR, finalWatermark);
            List<String> expectedDays = scenario.expectedRollups(Scenario.DAY, finalWatermark);
            try {
                Await.until("v2 completes the rows", Duration.ofSeconds(90), () ->
                        db.rows(Scenario.WINDOW_QUERY).size() == expectedWindows.size()
                                && db.rows(Scenario.WINDOW_QUERY).containsAll(expectedWindows)
                                && db.rows(Scenario.SNAPSHOT_QUERY).containsAll(expectedSnapshots)
                                && db.rows(Scenario.rollupQuery("deliverability_hourly")).containsAll(expectedHours)
                                && db.rows(Scenario.rollupQuery("deliverability_daily")).containsAll(expectedDays));
            } finally {
                job2.cancel().get(30, TimeUnit.SECONDS);
                List<String> actual = db.rows(Scenario.WINDOW_QUERY);
                LOG.info("v2 rows: {} actual vs {} expected; missing {}; unexpected {}", actual.size(), expectedWindows.size(),
                        expectedWindows.stream().filter(r -> !actual.contains(r)).limit(5).toList(),
                        actual.stream().filter(r -> !expectedWindows.contains(r)).limit(5).toList());
            }
            assertThat(db.rows(Scenario.WINDOW_QUERY)).containsExactlyInAnyOrderElementsOf(expectedWindows);
            assertThat(db.rows(Scenario.SNAPSHOT_QUERY)).containsExactlyInAnyOrderElementsOf(expectedSnapshots);
            assertThat(db.rows(Scenario.rollupQuery("deliverability_hourly"))).containsExactlyInAnyOrderElementsOf(expectedHours);
            assertThat(db.rows(Scenario.rollupQuery("deliverability_daily"))).containsExactlyInAnyOrderElementsOf(expectedDays);
            assertThat(db.rows(Scenario.DECISION_QUERY)).containsExactlyInAnyOrderElementsOf(scenario.expectedDecisions());
            assertThat(db.count("SELECT count(*) FROM dead_letter_events")).isEqualTo(scenario.deadLetters.size());
            LOG.info("Upgrade verified: {}; {} window rows, {} snapshots, {} hourly and {} daily rows exact", scenario.summary(),
                    expectedWindows.size(), expectedSnapshots.size(), expectedHours.size(), expectedDays.size());
        }
    }

    private static DataStream<Ingested> lowerCaseDomains(DataStream<Ingested> events) {
        return events.map(in -> {
                    DeliveryEvent e = in.event;
                    in.event = new DeliveryEvent(e.eventId(), e.timestamp(), e.outcome(), e.accountId(),
                            e.sendingDomain().toLowerCase(java.util.Locale.ROOT), e.sendingIp(), e.provider(),
                            e.recipientDomain().toLowerCase(java.util.Locale.ROOT), e.source(), e.messageId());
                    return in;
                })
                .returns(Ingested.class)
                .uid("v2-lower-case-domains")
                .name("v2: lower-case domains");
    }

    @Test
    void aReplayOfARangeWritesTheSameRowsAndPagesNobody() throws Exception {
        String topic = "replay-events";
        kafka.createTopic(topic, 1);
        Instant before = Instant.now().minusSeconds(1);
        List<Scenario.Record> records = AlertScenario.records(AlertScenario.degradeAndRecover(), 1000);
        kafka.produce(topic, records);
        Instant after = Instant.now().plusSeconds(1);
        long clockMinute = AlertScenario.T0 + (AlertScenario.degradeAndRecover().length + 1) * AlertScenario.MINUTE;

        try (WebhookReceiver receiver = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0);
                TestDatabase live = new TestDatabase("live");
                TestDatabase replay = new TestDatabase("replay")) {
            // The live run pages: four notifications.
            JobConfig liveConfig = config(topic, live, Map.of("ALERT_WEBHOOK_URLS", receiver.url()));
            StreamExecutionEnvironment liveEnv = env(liveConfig, 1);
            RiskPipeline.build(liveEnv, Inputs.kafka(liveConfig, b -> b), RevguardJob.postgresSinks(liveConfig), liveConfig);
            JobClient liveJob = liveEnv.executeAsync("revguard-live");
            try {
                Await.until("the live run's notifications", Duration.ofSeconds(90), () -> receiver.deliveredIds().size() >= 4);
                Await.until("the live run's last minute final", Duration.ofSeconds(60), () -> live.count(
                        "SELECT count(*) FROM deliverability_window WHERE dimension = 'all' AND is_final AND window_start = to_timestamp("
                                + (clockMinute - 2 * AlertScenario.MINUTE) / 1000 + ")") == 1);
                Thread.sleep(1000);
            } finally {
                liveJob.cancel().get(30, TimeUnit.SECONDS);
            }
            int liveRequests = receiver.requests().size();

            // The replay of the same range, as scripts/replay.sh starts it: fresh, by time, bounded, --replay.
            JobConfig replayConfig = config(topic, replay, Map.of("ALERT_WEBHOOK_URLS", receiver.url(), "REPLAY", "true",
                    "KAFKA_STARTING_OFFSETS", before.toString(), "KAFKA_STOP_AT", after.toString(),
                    "KAFKA_GROUP_ID", "revguard-replay-it"));
            StreamExecutionEnvironment replayEnv = env(replayConfig, 1);
            RiskPipeline.build(replayEnv, Inputs.kafka(replayConfig), RevguardJob.postgresSinks(replayConfig), replayConfig);
            replayEnv.executeAsync("revguard-replay").getJobExecutionResult().get(120, TimeUnit.SECONDS);
            Thread.sleep(1000);

            assertThat(receiver.requests()).as("the replay sends nothing").hasSize(liveRequests);
            // The last two minutes are still open in the live run (nothing came after them to move the
            // watermark), while the bounded replay closes them; everything else is equal.
            // sending_ip rows become final IP_ATTRIBUTION_WAIT (2 minutes) later than the others.
            String notClock = " WHERE window_start < to_timestamp(" + (clockMinute - AlertScenario.MINUTE) / 1000 + ")"
                    + " AND (dimension <> 'sending_ip' OR window_start < to_timestamp("
                    + (clockMinute - 3 * AlertScenario.MINUTE) / 1000 + "))";
            assertThat(replay.rows(Scenario.WINDOW_QUERY + notClock)).isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(live.rows(Scenario.WINDOW_QUERY + notClock));
            assertThat(replay.rows(Scenario.SNAPSHOT_QUERY)).containsExactlyInAnyOrderElementsOf(live.rows(Scenario.SNAPSHOT_QUERY));
            String notifications = "SELECT webhook_id, kind, severity, changed_at FROM alert_notifications";
            assertThat(replay.rows(notifications)).hasSize(4).containsExactlyInAnyOrderElementsOf(live.rows(notifications));
            assertThat(replay.count("SELECT count(*) FROM alert_notifications WHERE NOT replay")).isZero();
            LOG.info("Replay verified: {} window rows and {} snapshots identical to the live run, {} notifications "
                    + "recorded, {} requests during the replay", replay.count("SELECT count(*) FROM deliverability_window"),
                    replay.count("SELECT count(*) FROM risk_snapshot"), 4, receiver.requests().size() - liveRequests);
        }
    }

    /** Parallelism as many as the topic's partitions: a source subtask without a partition holds the watermark. */
    private static StreamExecutionEnvironment env(JobConfig config, int parallelism) {
        Configuration flink = RevguardJob.flinkConfiguration(config);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(parallelism);
        return env;
    }

    private JobConfig config(String topic, TestDatabase db, Map<String, String> overrides) {
        Map<String, String> s = new HashMap<>(Map.of("EVALUATION_WINDOW", "1m", "ALERT_WEBHOOK_SECRET", SECRET));
        s.putAll(overrides);
        return ItSettings.config(kafka, topic, db, dir.resolve("checkpoints"), s);
    }
}
