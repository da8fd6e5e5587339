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
            JobConfig config = config(topic, db, Map.of("ALERT_WEBHOOK_URLS", receiver.url(), "REPLAY", "true",
                    "ALERTMANAGER_URLS", receiver.url()));
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

    @Test
    void aCriticalAlertNobodyAcknowledgesIsEscalatedOnceWithOneId() throws Exception {
        String topic = "alerts-escalate";
        kafka.createTopic(topic, 1);
        kafka.produce(topic, AlertScenario.records(AlertScenario.degradeAndStay(), 1000));
        try (TestDatabase db = new TestDatabase("escalate");
                WebhookReceiver team = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0);
                WebhookReceiver manager = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0)) {
            JobConfig config = config(topic, db, Map.of("ALERT_WEBHOOK_URLS", team.url(),
                    "ALERT_ESCALATION_URLS", manager.url(), "ALERT_ESCALATE_AFTER", "3s"));
            List<String> ids = expectedIds().subList(0, 3);
            String escalationId;
            JobClient job = start(config, null, false);
            try {
                Await.until("the escalation at the manager", Duration.ofSeconds(90), () -> !manager.requests().isEmpty());
                Thread.sleep(2500); // more than one escalation check
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(team.deliveredIds()).containsExactlyElementsOf(ids);
            assertThat(manager.requests()).hasSize(1);
            WebhookReceiver.Request escalation = manager.requests().get(0);
            escalationId = escalation.webhookId();
            assertThat(escalationId).startsWith("msg_").isNotIn(ids);
            assertThat(new WebhookSigner(SECRET).verify(escalationId, Long.parseLong(escalation.timestamp()),
                    escalation.body(), escalation.signature())).isTrue();
            JsonNode body = JSON.readTree(escalation.body());
            JsonNode alert = body.get("alerts").get(0);
            assertThat(describe(escalation.body())).isEqualTo(
                    "firing critical unacknowledged 2026-11-20T08:04:00Z 0001-01-01T00:00:00Z");
            assertThat(alert.get("labels").get("escalation").asText()).isEqualTo("true");
            assertThat(alert.get("labels").get("dimension_value").asText()).isEqualTo(AlertScenario.DOMAIN);
            assertThat(alert.get("annotations").get("summary").asText()).endsWith("not acknowledged after 3 seconds");
            // The clock ran from the notification that made the alert critical.
            assertThat(db.rows("SELECT u.kind, u.escalation_of, extract(epoch FROM u.created_at - c.created_at) >= 3 "
                    + "FROM alert_notifications u JOIN alert_notifications c ON c.webhook_id = u.escalation_of"))
                    .containsExactly("unacknowledged | " + ids.get(2) + " | true");
            LOG.info("Escalation {} of {} after {} s", escalationId, ids.get(2), db.rows(
                    "SELECT round(extract(epoch FROM u.created_at - c.created_at)::numeric, 1) FROM alert_notifications u "
                            + "JOIN alert_notifications c ON c.webhook_id = u.escalation_of").get(0));

            // A second run over the same events (the job restarted without its state) escalates nothing again.
            long since = System.currentTimeMillis();
            JobClient again = start(config, null, false);
            try {
                Await.until("the second run's critical transition recorded", Duration.ofSeconds(90), () -> db.count(
                        "SELECT count(*) FROM alerts WHERE severity = 'critical' AND updated_at > to_timestamp("
                                + since / 1000.0 + ")") > 0);
                Thread.sleep(4500); // past ALERT_ESCALATE_AFTER and a check
            } finally {
                again.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(manager.requests()).extracting(WebhookReceiver.Request::webhookId).containsExactly(escalationId);
            assertThat(db.count("SELECT count(*) FROM alert_notifications WHERE kind = 'unacknowledged'")).isEqualTo(1);
        }
    }

    @Test
    void acknowledgingACriticalAlertInTimePreventsTheEscalation() throws Exception {
        String topic = "alerts-acknowledged";
        kafka.createTopic(topic, 1);
        kafka.produce(topic, AlertScenario.records(AlertScenario.degradeAndStay(), 1000));
        try (TestDatabase db = new TestDatabase("acked");
                WebhookReceiver team = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0);
                WebhookReceiver manager = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0)) {
            JobConfig config = config(topic, db, Map.of("ALERT_WEBHOOK_URLS", team.url(),
                    "ALERT_ESCALATION_URLS", manager.url(), "ALERT_ESCALATE_AFTER", "4s"));
            JobClient job = start(config, null, false);
            try {
                Await.until("the critical notification at the team", Duration.ofSeconds(90),
                        () -> team.deliveredIds().size() >= 3);
                // what POST /api/v1/alerts/{id}/ack writes
                assertThat(db.update("UPDATE alerts SET acknowledged_at = now(), acknowledged_by = 'on-call' "
                        + "WHERE status = 'firing'")).isEqualTo(1);
                Thread.sleep(6000);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(team.deliveredIds()).containsExactlyElementsOf(expectedIds().subList(0, 3));
            assertThat(manager.requests()).isEmpty();
            assertThat(db.count("SELECT count(*) FROM alert_notifications WHERE kind = 'unacknowledged'")).isZero();
        }
    }

    /**
     * The real Alertmanager between the job and the on-call receiver: a degrading sender reaches the receiver as
     * firing, then resolved, in one group; a sender hovering on a threshold sends nothing; a silence made through
     * Alertmanager's API mutes a sender; README's inhibition rule mutes a lower severity of an escalated sender;
     * and a resolution made while Alertmanager is down for a minute reaches the receiver once it is back.
     */
    @Test
    void alertsGoThroughTheRealAlertmanager(@TempDir Path amDir) throws Exception {
        String degrading = AlertScenario.DOMAIN;
        String silenced = "mail.silenced.example";
        String hovering = "mail.hovering.example";
        Map<String, int[]> senders = new java.util.LinkedHashMap<>();
        senders.put(degrading, AlertScenario.degradeAndRecover());
        senders.put(silenced, AlertScenario.degradeAndRecover());
        senders.put(hovering, AlertScenario.hovering());
        String topic = "alerts-alertmanager";
        kafka.createTopic(topic, 1);
        try (TestDatabase db = new TestDatabase("alertmanager");
                WebhookReceiver onCall = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0);
                Alertmanager am = Alertmanager.start(amDir, onCall.url())) {
            String silenceId = am.silence("dimension_value", silenced);
            JobConfig config = config(topic, db, Map.of("ALERTMANAGER_URLS", am.url(),
                    "ALERTMANAGER_RESEND_INTERVAL", "2s"));
            // Up to minute 18: both degrading senders are critical, the hovering one flaps around monitor.
            kafka.produce(topic, AlertScenario.senders(senders, 2000, 0, 18, false));
            JobClient job = start(config, null, false);
            try {
                Await.until("the critical alert at the receiver through Alertmanager", Duration.ofSeconds(90), () ->
                        onCall.requests().stream().anyMatch(r -> amSays(r.body()).contains("firing " + degrading + " critical")));
                Await.until("both critical alerts held by Alertmanager", Duration.ofSeconds(30), () ->
                        amAlerts(am).contains(degrading + " critical active") && amAlerts(am).contains(silenced + " critical suppressed"));
                LOG.info("Alertmanager holds: {}", amAlerts(am));
                assertThat(am.alerts().findValues("silencedBy").stream().filter(n -> n.size() > 0)
                        .map(n -> n.get(0).asText()).distinct().toList()).containsExactly(silenceId);

                // A lower severity of the escalated sender (say, a resend that crossed the escalation) is inhibited.
                assertThat(am.post("""
                        [{"labels": {"alertname": "RevguardDeliverabilityRisk", "severity": "warning",
                          "dimension": "sending_domain", "dimension_value": "%s"}}]""".formatted(degrading))).isEqualTo(200);
                Await.until("the warning inhibited", Duration.ofSeconds(10), () -> amAlerts(am).contains(degrading + " warning suppressed"));
                JsonNode warning = java.util.stream.StreamSupport.stream(am.alerts().spliterator(), false)
                        .filter(a -> a.get("labels").get("severity").asText().equals("warning")).findFirst().orElseThrow();
                assertThat(warning.get("status").get("inhibitedBy")).isNotEmpty();

                // Alertmanager down for a minute; meanwhile both senders recover.
                am.stop();
                long down = System.nanoTime();
                kafka.produce(topic, AlertScenario.senders(senders, 2000, 18, 26, true));
                Await.until("both alerts resolved in the job", Duration.ofSeconds(60), () ->
                        db.count("SELECT count(*) FROM alerts WHERE status = 'resolved'") == 2);
                long resolvedAt = System.nanoTime();
                Thread.sleep(Math.max(0, 60_000 - (resolvedAt - down) / 1_000_000));
                int before = onCall.requests().size();
                am.startProcess();
                Await.until("the resolution at the receiver", Duration.ofSeconds(60), () ->
                        onCall.requests().stream().skip(before).anyMatch(r -> amSays(r.body()).contains("resolved " + degrading + " critical")));
                Thread.sleep(3000); // a few more resends: nothing firing is posted again
                LOG.info("Alertmanager back after {} s; the receiver saw: {}", (System.nanoTime() - down) / 1_000_000_000,
                        onCall.requests().stream().map(r -> amSays(r.body())).toList());
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            List<String> seen = onCall.requests().stream().map(r -> amSays(r.body())).toList();
            // One group, the degrading sender's; nothing of the silenced or the hovering sender.
            assertThat(onCall.requests().stream().map(r -> groupKey(r.body())).distinct().toList())
                    .singleElement().asString().contains("dimension_value=\"" + degrading + "\"");
            assertThat(String.join("\n", seen)).doesNotContain(silenced).doesNotContain(hovering);
            assertThat(seen.get(0)).startsWith("firing ");
            assertThat(seen.get(seen.size() - 1)).isEqualTo("resolved " + degrading + " critical resolved");
            assertThat(db.count("SELECT count(*) FROM alerts WHERE dimension_value = '" + hovering + "'")).isZero();
            assertThat(db.rows("SELECT a.dimension_value, m.severity, m.state FROM alertmanager_alerts m "
                    + "JOIN alerts a USING (alert_id) WHERE m.severity = 'critical' ORDER BY 1"))
                    .containsExactly(degrading + " | critical | resolved", silenced + " | critical | resolved");
        }
    }

    /** "status sender severity…" of an Alertmanager webhook: each alert as "status value severity". */
    private static String amSays(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            StringBuilder b = new StringBuilder(root.get("status").asText());
            for (JsonNode a : root.get("alerts")) {
                b.append(' ').append(a.get("labels").get("dimension_value").asText()).append(' ')
                        .append(a.get("labels").get("severity").asText()).append(' ').append(a.get("status").asText());
            }
            return b.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String groupKey(String body) {
        try {
            return JSON.readTree(body).get("groupKey").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every alert Alertmanager holds, as "value severity state". */
    private static String amAlerts(Alertmanager am) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode a : am.alerts()) {
            out.add(a.get("labels").get("dimension_value").asText() + " " + a.get("labels").get("severity").asText()
                    + " " + a.get("status").get("state").asText());
        }
        return String.join(", ", out);
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
