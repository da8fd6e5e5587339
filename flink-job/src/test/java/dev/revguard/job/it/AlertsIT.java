package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revguard.job.RevguardJob;
import dev.revguard.job.RiskPipeline;
import dev.revguard.job.alert.AlertIds;
import dev.revguard.job.notify.WebhookSigner;
import dev.revguard.job.config.JobConfig;
import dev.revguard.job.ingest.Ingested;
import dev.revguard.job.Inputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts end to end: the real pipeline on a MiniCluster with Kafka and PostgreSQL, webhooks POSTed
 * to real HTTP receivers inside the test.
 */
class AlertsIT {
    private static final Logger LOG = LoggerFactory.getLogger(AlertsIT.class);
    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("an-alert-test-secret-32-bytes!!!".getBytes());
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** The four notifications the degrading domain must cause, in order. */
    private static List<String> expectedIds() {
        String alertId = AlertIds.alertId("sending_domain", AlertScenario.DOMAIN, AlertScenario.T0 + 4 * AlertScenario.MINUTE);
        return List.of(AlertIds.webhookId(alertId, 1), AlertIds.webhookId(alertId, 2),
                AlertIds.webhookId(alertId, 3), AlertIds.webhookId(alertId, 4));
    }

    @Test
    void aDegradingSenderIsNotifiedOncePerChangeWithSignedWebhooks() throws Exception {
        String topic = "alerts-degrade";
        kafka.createTopic(topic, 1);
        kafka.produce(topic, AlertScenario.records(AlertScenario.degradeAndRecover(), 1000));
        try (TestDatabase db = new TestDatabase("alerts");
                WebhookReceiver good = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0);
                WebhookReceiver flaky = new WebhookReceiver(WebhookReceiver.Behaviour.FAIL_FIRST_ATTEMPTS, 2)) {
            JobConfig config = config(topic, db, Map.of("ALERT_WEBHOOK_URLS", good.url() + "," + flaky.url()));
            JobClient job = start(config, null, false);
            try {
                Await.until("four notifications at both receivers", Duration.ofSeconds(90),
                        () -> good.deliveredIds().size() >= 4 && flaky.deliveredIds().size() >= 4);
                Thread.sleep(500);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            List<String> ids = expectedIds();
            assertThat(good.deliveredIds()).containsExactlyElementsOf(ids);
            assertThat(good.requests()).hasSize(4);
            assertThat(flaky.deliveredIds()).containsExactlyElementsOf(ids);

            // Every request is signed per Standard Webhooks with the configured secret.
            WebhookSigner verifier = new WebhookSigner(SECRET);
            assertThat(good.requests()).allSatisfy(r -> assertThat(
                    verifier.verify(r.webhookId(), Long.parseLong(r.timestamp()), r.body(), r.signature())).isTrue());
            assertThat(flaky.requests()).allSatisfy(r -> assertThat(
                    verifier.verify(r.webhookId(), Long.parseLong(r.timestamp()), r.body(), r.signature())).isTrue());

            // Firing at monitor, escalating to warning and critical, then resolved.
            List<String> seen = good.requests().stream().map(r -> describe(r.body())).toList();
            assertThat(seen).containsExactly(
                    "firing monitor firing 2026-11-20T08:04:00Z 0001-01-01T00:00:00Z",
                    "firing warning escalated 2026-11-20T08:04:00Z 0001-01-01T00:00:00Z",
                    "firing critical escalated 2026-11-20T08:04:00Z 0001-01-01T00:00:00Z",
                    "resolved critical resolved 2026-11-20T08:04:00Z 2026-11-20T08:19:00Z");
            LOG.info("Notifications observed: {}", seen);

            // The receiver that failed twice got the same id three times, and every attempt is recorded.
            List<WebhookReceiver.Request> flakyRequests = flaky.requests();
            assertThat(flakyRequests.subList(0, 3)).extracting(WebhookReceiver.Request::webhookId).containsOnly(ids.get(0));
            assertThat(flakyRequests.subList(0, 3)).extracting(WebhookReceiver.Request::answeredWith).containsExactly(503, 503, 200);
            assertThat(db.rows("SELECT attempt, http_status FROM alert_deliveries WHERE target_url = '" + flaky.url()
                    + "' AND webhook_id = '" + ids.get(0) + "' ORDER BY attempt")).containsExactly("1 | 503", "2 | 503", "3 | 200");
            assertThat(db.rows("SELECT state, count(*) FROM alert_delivery_targets GROUP BY state")).containsExactly("delivered | 8");
            assertThat(db.rows("SELECT dimension, dimension_value, status, severity FROM alerts"))
                    .containsExactly("sending_domain | " + AlertScenario.DOMAIN + " | resolved | critical");
        }
    }

    @Test
    void aRateHoveringOnAThresholdDoesNotFlap() throws Exception {
        String topic = "alerts-hovering";
        kafka.createTopic(topic, 1);
        kafka.produce(topic, AlertScenario.records(AlertScenario.hovering(), 1000));
        try (TestDatabase db = new TestDatabase("hover"); WebhookReceiver receiver = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0)) {
            JobClient job = start(config(topic, db, Map.of("ALERT_WEBHOOK_URLS", receiver.url())), null, false);
            try {
                long lastMinute = AlertScenario.T0 + 19 * AlertScenario.MINUTE;
                Await.until("the last minute final", Duration.ofSeconds(90), () -> db.count(
                        "SELECT count(*) FROM deliverability_window WHERE is_final AND dimension = 'sending_domain' "
                                + "AND dimension_value = '" + AlertScenario.DOMAIN + "' AND window_start = to_timestamp(" + lastMinute / 1000 + ")") == 1);
                Thread.sleep(2000);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(db.rows("SELECT DISTINCT severity FROM risk_snapshot WHERE dimension = 'sending_domain' "
                    + "AND dimension_value = '" + AlertScenario.DOMAIN + "'")).hasSize(1);
            assertThat(db.count("SELECT count(*) FROM alerts")).isZero();
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aRestartInTheMiddleOfAnIncidentMakesNoSecondId() throws Exception {
        String topic = "alerts-restart";
        kafka.createTopic(topic, 1);
        kafka.produce(topic, AlertScenario.records(AlertScenario.degradeAndRecover(), 1000));
        try (TestDatabase db = new TestDatabase("restart"); WebhookReceiver receiver = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0)) {
            JobConfig config = config(topic, db, Map.of("ALERT_WEBHOOK_URLS", receiver.url()));
            // The alert sink's task fails once, on its second transition, after a checkpoint.
            JobClient job = start(config, 2, false);
            try {
                Await.until("four notifications", Duration.ofSeconds(90), () -> new LinkedHashSet<>(receiver.deliveredIds()).size() >= 4);
                Thread.sleep(1000);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(FailOnceSink.FAILED).as("the task failed and restarted").isTrue();
            assertThat(new LinkedHashSet<>(receiver.deliveredIds())).containsExactlyElementsOf(expectedIds());
            assertThat(db.rows("SELECT webhook_id FROM alert_notifications ORDER BY seq")).containsExactlyElementsOf(expectedIds());
            LOG.info("Restart mid-incident: {} requests for {} distinct ids", receiver.requests().size(),
                    new LinkedHashSet<>(receiver.deliveredIds()).size());
        }
    }

    @Test
    void aReplayRecordsAlertHistoryAndSendsNothing() throws Exception {
        String topic = "alerts-replay";
        kafka.createTopic(topic, 1);
        kafka.produce(topic, AlertScenario.records(AlertScenario.degradeAndRecover(), 1000));
        try (TestDatabase db = new TestDatabase("replay"); WebhookReceiver receiver = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0)) {
            JobConfig config = config(topic, db, Map.of("ALERT_WEBHOOK_URLS", receiver.url(), "REPLAY", "true"));
            start(config, null, true).getJobExecutionResult().get(120, TimeUnit.SECONDS);
            Thread.sleep(1000);
            assertThat(receiver.requests()).isEmpty();
            assertThat(db.rows("SELECT webhook_id FROM alert_notifications WHERE replay ORDER BY seq")).containsExactlyElementsOf(expectedIds());
            assertThat(db.count("SELECT count(*) FROM alert_delivery_targets")).isZero();
            assertThat(db.rows("SELECT status, severity FROM alerts")).containsExactly("resolved | critical");
        }
    }

    @Test
    void aReceiverThatNeverAnswersDoesNotSlowTheJob() throws Exception {
        String topic = "alerts-dead-receiver";
        kafka.createTopic(topic, 1);
        List<Scenario.Record> records = AlertScenario.records(AlertScenario.degradeAndRecover(), 4000);
        kafka.produce(topic, records);
        double without;
        double with;
        try (TestDatabase db = new TestDatabase("nohook")) {
            without = eventsPerSecond(records.size(), start(config(topic, db, Map.of()), null, true));
        }
        try (TestDatabase db = new TestDatabase("deadhook"); WebhookReceiver dead = new WebhookReceiver(WebhookReceiver.Behaviour.NEVER_ANSWER, 0)) {
            long t0 = System.nanoTime();
            JobClient job = start(config(topic, db, Map.of("ALERT_WEBHOOK_URLS", dead.url(), "ALERT_WEBHOOK_TIMEOUT", "30s")), null, true);
            with = eventsPerSecond(records.size(), job);
            double seconds = (System.nanoTime() - t0) / 1e9;
            LOG.info("{} events: {} events/s without webhooks, {} events/s with a receiver that never answers ({} requests hanging)",
                    records.size(), Math.round(without), Math.round(with), dead.requests().size());
            assertThat(dead.requests()).as("the dead receiver was called").isNotEmpty();
            assertThat(seconds).as("the run is not held up by 30 s webhook timeouts").isLessThan(30);
            assertThat(db.count("SELECT count(*) FROM alert_notifications")).isEqualTo(4);
        }
        assertThat(with).isGreaterThan(without / 3);
    }

    private static double eventsPerSecond(int events, JobClient job) throws Exception {
        JobExecutionResult r = job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        return events / (r.getNetRuntime() / 1000.0);
    }

    private static String describe(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode alert = root.get("alerts").get(0);
            return root.get("status").asText() + " " + alert.get("labels").get("severity").asText() + " "
                    + alert.get("annotations").get("transition").asText() + " " + alert.get("startsAt").asText() + " "
                    + alert.get("endsAt").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JobClient start(JobConfig config, Integer failAtTransition, boolean bounded) throws Exception {
        Configuration flink = RevguardJob.flinkConfiguration(config);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(1);
        Inputs source = Inputs.kafka(config, b -> bounded ? b.setBounded(OffsetsInitializer.latest()) : b);
        RiskPipeline.Sinks sinks = RevguardJob.postgresSinks(config);
        if (failAtTransition != null) {
            sinks = new RiskPipeline.Sinks(sinks.windows(), sinks.hourly(), sinks.daily(), sinks.snapshots(),
                    sinks.deadLetters(), new FailOnceSink<>(sinks.alerts(), failAtTransition), sinks.decisions(),
                    sinks.minuteHistory());
        }
        RiskPipeline.build(env, source, sinks, config);
        return env.executeAsync("revguard-alerts-it");
    }

    private JobConfig config(String topic, TestDatabase db, Map<String, String> overrides) {
        Map<String, String> s = new HashMap<>(Map.of(
                "EVALUATION_WINDOW", "1m",
                "ALERT_WEBHOOK_SECRET", SECRET,
                "ALERT_RETRY_INITIAL", "100ms",
                "ALERT_RETRY_MAX", "400ms",
                "DASHBOARD_URL", "http://revguard.test:7070"));
        s.putAll(overrides);
        return ItSettings.config(kafka, topic, db, checkpoints, s);
    }
}
