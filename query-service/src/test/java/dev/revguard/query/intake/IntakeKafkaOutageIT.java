package dev.revguard.query.intake;

import static dev.revguard.query.intake.IntakeIT.bearer;
import static dev.revguard.query.intake.IntakeIT.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.query.MutableClock;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka down: the intake answers 503 within its timeout and stores nothing, and does not remember
 * a Mailgun token it could not store; once the broker is back, the sender's retry is stored exactly
 * once and the retried token is accepted.
 */
class IntakeKafkaOutageIT {
    private static KafkaBroker kafka;
    private static String schema;

    @BeforeAll
    static void startParts() throws Exception {
        kafka = KafkaBroker.start();
        schema = IntakeService.newSchema("intake_outage");
    }

    @AfterAll
    static void stopParts() throws Exception {
        kafka.close();
        IntakeService.dropSchema(schema);
    }

    @Test
    void aRequestRefusedWhileKafkaIsDownIsStoredOnceWhenRetried() throws Exception {
        String providers = "provider-events-outage";
        String posthog = "posthog-events-outage";
        kafka.createTopic(providers, 3);
        kafka.createTopic(posthog, 3);
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1772460305L + 20));
        try (IntakeService service = IntakeService.start(schema, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "KAFKA_TOPIC_PROVIDERS", providers,
                "KAFKA_TOPIC_POSTHOG", posthog,
                "MAILGUN_WEBHOOK_SIGNING_KEY", IntakeIT.MAILGUN_KEY,
                "INGEST_POSTHOG_TOKEN", IntakeIT.POSTHOG_TOKEN,
                "INGEST_KAFKA_TIMEOUT", "2s"), clock)) {
            // The producer has met the broker (metadata, producer id) before it goes away.
            byte[] flat = fixture("posthog/intake-flat-event.json");
            assertThat(service.post("/ingest/v1/posthog", flat, bearer(IntakeIT.POSTHOG_TOKEN)).statusCode()).isEqualTo(200);

            kafka.stopBroker();
            byte[] array = fixture("posthog/intake-array.json");
            byte[] mailgun = fixture("mailgun/delivered.json");
            long start = System.nanoTime();
            HttpResponse<String> down = service.post("/ingest/v1/posthog", array, bearer(IntakeIT.POSTHOG_TOKEN));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(tookMs).as("answered within the timeout and its margin").isLessThan(8_000);
            assertThat(service.post("/ingest/v1/mailgun", mailgun, Map.of()).statusCode()).isEqualTo(503);
            assertThat(IntakeService.count("SELECT count(*) FROM " + schema + ".intake_seen_tokens")).as("no token remembered").isZero();

            kafka.restartBroker(posthog);
            kafka.restartBroker(providers);
            HttpResponse<String> retried = service.post("/ingest/v1/posthog", array, bearer(IntakeIT.POSTHOG_TOKEN));
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            HttpResponse<String> mailgunRetried = service.post("/ingest/v1/mailgun", mailgun, Map.of());
            assertThat(mailgunRetried.statusCode()).as(mailgunRetried.body()).isEqualTo(200);
            assertThat(service.post("/ingest/v1/mailgun", mailgun, Map.of()).statusCode()).as("now it is a replay").isEqualTo(401);

            List<ConsumerRecord<byte[], byte[]>> events = kafka.records(posthog);
            assertThat(events).extracting(IntakeIT::key).containsExactlyInAnyOrder(
                    "posthog:019caf4a-43b6-749a-a536-04e953405863",
                    "posthog:019caf4a-54b4-7693-a1df-c568de836a00",
                    "posthog:019caf4a-5db0-721d-979e-1b11b96cc65d",
                    "posthog:019caf4a-67d8-794e-9aee-e7432409c5b9");
            assertThat(kafka.records(providers)).extracting(IntakeIT::key).containsExactly("mailgun:DFmHMMxOd_00cmQGuKEv3A");
            assertThat(service.metrics.scrape())
                    .contains("revguard_intake_refusals_total{provider=\"posthog\",reason=\"kafka_unavailable\"} 1.0")
                    .contains("revguard_intake_refusals_total{provider=\"mailgun\",reason=\"kafka_unavailable\"} 1.0");
            assertThat(events.stream().map(IntakeIT::key).distinct().count()).isEqualTo(events.size());
        }
    }
}
