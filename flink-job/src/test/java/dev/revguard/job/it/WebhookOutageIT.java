package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.Inputs;
import dev.revguard.job.RevguardJob;
import dev.revguard.job.RiskPipeline;
import dev.revguard.job.alert.AlertIds;
import dev.revguard.job.config.JobConfig;
import dev.revguard.job.notify.WebhookSigner;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A webhook receiver down through a whole incident, compressed: the outage that would last ten minutes with the
 * default retry delays (1 s doubling to 5 min) lasts about 20 s here with delays of 50 ms doubling to 2 s. The
 * receiver is first not listening (connections refused), then accepts and never answers (the 500 ms attempt
 * timeout), then answers 503, then is back on the same URL. Every notification of the degrading sender is then
 * delivered, once, under the webhook id it had from its first attempt; every failed attempt is in
 * {@code alert_deliveries}; and the stream wrote all its rows as fast as with the receiver up (measured: the same
 * events with the receiver up, on a topic of their own).
 */
class WebhookOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutageIT.class);
    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("an-outage-test-secret-32-bytes!!".getBytes());
    private static final int HEALTHY_PER_MINUTE = 4000;
    /** After the scenario's last minute and its clock event: 20 healthy minutes, streamed while the receiver hangs. */
    private static final int LATER_FIRST_MINUTE = AlertScenario.degradeAndRecover().length + 2;
    private static final int LATER_MINUTES = 20;

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

    /** The four notifications of the degrading domain (monitor, warning, critical, resolved), as in AlertsIT. */
    private static List<String> expectedIds() {
        String alertId = AlertIds.alertId("sending_domain", AlertScenario.DOMAIN, AlertScenario.T0 + 4 * AlertScenario.MINUTE);
        return List.of(AlertIds.webhookId(alertId, 1), AlertIds.webhookId(alertId, 2),
                AlertIds.webhookId(alertId, 3), AlertIds.webhookId(alertId, 4));
    }

    @Test
    void everyNotificationIsDeliveredOnceAfterTheOutageAndTheStreamIsNotSlowed() throws Exception {
        List<Scenario.Record> records = AlertScenario.records(AlertScenario.degradeAndRecover(), HEALTHY_PER_MINUTE);
        for (String topic : List.of("outage-warmup", "outage-down", "outage-up")) {
            kafka.createTopic(topic, 1);
            kafka.produce(topic, records);
        }
        int[] healthy = new int[LATER_MINUTES];
        java.util.Arrays.fill(healthy, 2);
        List<Scenario.Record> later = AlertScenario.records(healthy, HEALTHY_PER_MINUTE, LATER_FIRST_MINUTE, "later-");
        List<String> ids = expectedIds();
        // The first job of a JVM is slower (class loading, JIT, RocksDB's library): a run with the receiver up first,
        // so that the two runs compared below start equally warm.
        double coldSeconds = runWithReceiverUp("outage-warmup", ids, null)[0];

        double downSeconds;
        double downLaterSeconds;
        try (TestDatabase db = new TestDatabase("hookdown"); OutageReceiver receiver = new OutageReceiver()) {
            long start = System.nanoTime();
            JobClient job = start(config("outage-down", db, receiver.url()));
            try {
                downSeconds = awaitAllRows(db, start);
                assertThat(receiver.requests()).as("nothing reached a receiver that is not listening").isEmpty();
                long attemptsWhileStreaming = db.count("SELECT count(*) FROM alert_deliveries");
                // Connections refused for at least 8 s, then at least 6 s of a receiver that never answers, in which
                // more events are streamed (the dispatcher's two HTTP threads are then waiting on timeouts), 4 s of 503s.
                Thread.sleep(Math.max(0, 8_000 - (System.nanoTime() - start) / 1_000_000));
                receiver.set(OutageReceiver.Mode.HANGING);
                long hanging = System.nanoTime();
                downLaterSeconds = streamLater(db, "outage-down", later);
                Thread.sleep(Math.max(0, 6_000 - (System.nanoTime() - hanging) / 1_000_000));
                receiver.set(OutageReceiver.Mode.UNAVAILABLE);
                Thread.sleep(4_000);
                long outageSeconds = (System.nanoTime() - start) / 1_000_000_000;
                assertThat(db.count("SELECT count(*) FROM alert_delivery_targets WHERE state <> 'pending'"))
                        .as("nothing delivered, nothing given up while the receiver is down").isZero();

                long back = System.nanoTime();
                receiver.set(OutageReceiver.Mode.UP);
                Await.until("every notification delivered", Duration.ofSeconds(30), () -> db.count(
                        "SELECT count(*) FROM alert_delivery_targets WHERE state = 'delivered'") == ids.size());
                long recoveryMillis = (System.nanoTime() - back) / 1_000_000;
                Thread.sleep(1000); // a second delivery, were there one, would come within the 2 s retry cap
                LOG.info("Receiver down {} s ({} attempts while the scenario streamed): {} notifications delivered "
                        + "{} ms after it came back", outageSeconds, attemptsWhileStreaming, ids.size(), recoveryMillis);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }

            // Each notification reached the receiver once with a 2xx, in order, under its one id.
            assertThat(db.rows("SELECT webhook_id FROM alert_notifications ORDER BY seq")).containsExactlyElementsOf(ids);
            assertThat(receiver.deliveredIds()).containsExactlyElementsOf(ids);
            assertThat(db.rows("SELECT state, count(*) FROM alert_delivery_targets GROUP BY state")).containsExactly("delivered | 4");
            assertThat(receiver.requests()).extracting(WebhookReceiver.Request::webhookId).allMatch(ids::contains);
            WebhookSigner verifier = new WebhookSigner(SECRET);
            assertThat(receiver.requests()).allSatisfy(r -> assertThat(
                    verifier.verify(r.webhookId(), Long.parseLong(r.timestamp()), r.body(), r.signature())).isTrue());

            // Every attempt is recorded: numbered 1..n without a gap, n as the target row counts it, failures before
            // the one success, and each kind of failure of the outage is there.
            for (String id : ids) {
                List<String> attempts = db.rows("SELECT attempt, coalesce(http_status::text, error) FROM alert_deliveries "
                        + "WHERE webhook_id = '" + id + "' ORDER BY attempt");
                long n = db.count("SELECT attempts FROM alert_delivery_targets WHERE webhook_id = '" + id + "'");
                assertThat(attempts).as(id).hasSize((int) n);
                // Notifications of one alert reach a target in order: the later three wait behind the first, which
                // is the one retried through the outage.
                assertThat(n).as(id + ": attempts").isGreaterThanOrEqualTo(id.equals(ids.get(0)) ? 2 : 1);
                for (int i = 0; i < attempts.size(); i++) {
                    assertThat(attempts.get(i)).as(id).startsWith((i + 1) + " | ");
                    if (i < attempts.size() - 1) {
                        assertThat(attempts.get(i)).as(id).doesNotEndWith(" | 200");
                    } else {
                        assertThat(attempts.get(i)).as(id).endsWith(" | 200");
                    }
                }
            }
            long refused = db.count("SELECT count(*) FROM alert_deliveries WHERE error LIKE '%ConnectException%'");
            long timedOut = db.count("SELECT count(*) FROM alert_deliveries WHERE error LIKE '%Timeout%'");
            long unavailable = db.count("SELECT count(*) FROM alert_deliveries WHERE http_status = 503");
            long total = db.count("SELECT count(*) FROM alert_deliveries");
            assertThat(refused).as("connections refused").isPositive();
            assertThat(timedOut).as("attempts timed out").isPositive();
            assertThat(unavailable).as("503 answers").isPositive();
            assertThat(total - refused).as("every attempt that reached the receiver is recorded").isEqualTo(receiver.requests().size());
            Map<Integer, Long> byAnswer = receiver.requests().stream()
                    .collect(Collectors.groupingBy(WebhookReceiver.Request::answeredWith, Collectors.counting()));
            assertThat(byAnswer.get(503)).isEqualTo(unavailable);
            LOG.info("alert_deliveries: {} attempts for {} notifications: {} refused, {} timed out, {} other errors, "
                    + "{} answered 503, {} delivered; per notification {}", total, ids.size(), refused, timedOut,
                    total - refused - timedOut - unavailable - ids.size(), unavailable, ids.size(),
                    db.rows("SELECT webhook_id, attempts FROM alert_delivery_targets ORDER BY seq"));
        }

        double[] up = runWithReceiverUp("outage-up", ids, later);
        double upSeconds = up[0];
        double upLaterSeconds = up[1];
        LOG.info("{} events, every row written: {} s ({} events/s) with the receiver down, {} s ({} events/s) with it up "
                + "({} s for the first run of the JVM, receiver up)", records.size(), String.format("%.1f", downSeconds),
                Math.round(records.size() / downSeconds), String.format("%.1f", upSeconds),
                Math.round(records.size() / upSeconds), String.format("%.1f", coldSeconds));
        // Noise between runs on a shared 2-core machine is 10-30 %; a stream held up by the receiver would take
        // the outage's 18 s or more.
        LOG.info("{} more events while the receiver hangs: every row written {} s ({} events/s) after they were sent; "
                + "with the receiver up {} s ({} events/s)", later.size(), String.format("%.1f", downLaterSeconds),
                Math.round(later.size() / downLaterSeconds), String.format("%.1f", upLaterSeconds),
                Math.round(later.size() / upLaterSeconds));
        assertThat(downSeconds).as("the scenario with the receiver down against up").isLessThan(upSeconds * 1.5 + 1);
        assertThat(downLaterSeconds).as("the later events with the receiver hanging against up").isLessThan(upLaterSeconds * 1.5 + 1);
    }

    /** Sends the later events and waits until their last minute is final; the seconds that took. */
    /**
     * The dispatcher's own connection lost while it records an attempt (its backend terminated, a pooler dropping
     * it) while the sinks' connections stay: the attempt is recorded again on the next connection, and every
     * notification is still delivered, once, under its one id.
     */
    @Test
    void aConnectionLostWhileRecordingAnAttemptLosesNoNotification() throws Exception {
        URI db0 = URI.create(TestDatabase.URL.substring("jdbc:".length()));
        try (TestDatabase db = new TestDatabase("dispatcher_drop"); OutageReceiver receiver = new OutageReceiver();
                TcpProxy pg = TcpProxy.start(db0.getHost(), db0.getPort())) {
            kafka.createTopic("outage-dispatcher-drop", 1);
            kafka.produce("outage-dispatcher-drop", AlertScenario.records(AlertScenario.degradeAndRecover(), 1000));
            receiver.set(OutageReceiver.Mode.UNAVAILABLE);
            Map<String, String> s = new HashMap<>(settings(receiver.url()));
            s.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + pg.port() + db0.getPath());
            pg.dropTheConnectionSending("INSERT INTO alert_deliveries");
            JobClient job = start(ItSettings.config(kafka, "outage-dispatcher-drop", db, checkpoints, s));
            try {
                Await.until("the connection dropped on recording the first attempt", Duration.ofSeconds(60), pg::dropped);
                receiver.set(OutageReceiver.Mode.UP);
                Await.until("four notifications delivered", Duration.ofSeconds(30), () -> db.count(
                        "SELECT count(*) FROM alert_delivery_targets WHERE state = 'delivered'") == 4);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(receiver.deliveredIds()).containsExactlyElementsOf(expectedIds());
            assertThat(db.rows("SELECT webhook_id, count(*) FILTER (WHERE http_status = 200) FROM alert_deliveries "
                    + "GROUP BY webhook_id ORDER BY webhook_id"))
                    .containsExactlyInAnyOrderElementsOf(expectedIds().stream().map(id -> id + " | 1").toList());
            LOG.info("Dispatcher connection dropped mid-record: {} attempts recorded, {} requests, all 4 delivered",
                    db.count("SELECT count(*) FROM alert_deliveries"), receiver.requests().size());
        }
    }

    private static double streamLater(TestDatabase db, String topic, List<Scenario.Record> later) throws Exception {
        long start = System.nanoTime();
        kafka.produce(topic, later);
        long lastMinute = AlertScenario.T0 + (LATER_FIRST_MINUTE + LATER_MINUTES - 1) * AlertScenario.MINUTE;
        Await.until("every row of the later events", Duration.ofSeconds(120), () -> db.count(
                "SELECT count(*) FROM deliverability_window WHERE is_final AND dimension = 'sending_domain' AND dimension_value = '"
                        + AlertScenario.DOMAIN + "' AND window_start = to_timestamp(" + lastMinute / 1000 + ")") == 1);
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The same events with a receiver that answers at once: the seconds until every row was written, and (with
     * {@code later}) the seconds for the later events sent once the notifications were delivered.
     */
    private double[] runWithReceiverUp(String topic, List<String> ids, List<Scenario.Record> later) throws Exception {
        try (TestDatabase db = new TestDatabase("hookup"); WebhookReceiver receiver = new WebhookReceiver(WebhookReceiver.Behaviour.OK, 0)) {
            long start = System.nanoTime();
            JobClient job = start(config(topic, db, receiver.url()));
            double seconds;
            double laterSeconds = 0;
            try {
                seconds = awaitAllRows(db, start);
                Await.until("every notification delivered", Duration.ofSeconds(30), () -> receiver.deliveredIds().size() == ids.size());
                if (later != null) {
                    laterSeconds = streamLater(db, topic, later);
                }
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(receiver.deliveredIds()).containsExactlyElementsOf(ids);
            return new double[] {seconds, laterSeconds};
        }
    }

    /**
     * Waits until the job has written the whole scenario: the last minute of the degrading domain final and its four
     * notifications recorded; the seconds since {@code startNanos}.
     */
    private static double awaitAllRows(TestDatabase db, long startNanos) throws Exception {
        long lastMinute = AlertScenario.T0 + (AlertScenario.degradeAndRecover().length - 1) * AlertScenario.MINUTE;
        Await.until("every row of the scenario", Duration.ofSeconds(120), () -> db.count(
                "SELECT count(*) FROM deliverability_window WHERE is_final AND dimension = 'sending_domain' AND dimension_value = '"
                        + AlertScenario.DOMAIN + "' AND window_start = to_timestamp(" + lastMinute / 1000 + ")") == 1
                && db.count("SELECT count(*) FROM alert_notifications") == 4);
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static JobClient start(JobConfig config) throws Exception {
        Configuration flink = RevguardJob.flinkConfiguration(config);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(1);
        RiskPipeline.build(env, Inputs.kafka(config, b -> b), RevguardJob.postgresSinks(config), config);
        return env.executeAsync("revguard-webhook-outage-it");
    }

    private JobConfig config(String topic, TestDatabase db, String webhookUrl) {
        return ItSettings.config(kafka, topic, db, checkpoints, settings(webhookUrl));
    }

    private static Map<String, String> settings(String webhookUrl) {
        return Map.of(
                "EVALUATION_WINDOW", "1m",
                "ALERT_WEBHOOK_URLS", webhookUrl,
                "ALERT_WEBHOOK_SECRET", SECRET,
                "ALERT_RETRY_INITIAL", "50ms",
                "ALERT_RETRY_MAX", "2s",
                "ALERT_RETRY_HORIZON", "2m",
                "ALERT_WEBHOOK_TIMEOUT", "500ms",
                "DASHBOARD_URL", "http://revguard.test:7070");
    }
}
