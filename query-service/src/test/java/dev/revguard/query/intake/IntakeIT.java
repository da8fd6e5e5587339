package dev.revguard.query.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.query.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook intake end to end: real HTTP in, a real KRaft broker out (each test its own topics,
 * read back with a consumer), a real PostgreSQL for Mailgun's tokens, a local HTTP server playing
 * SNS's certificate host. Every refusal is checked to have written nothing.
 */
class IntakeIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SENDGRID_KEY =
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEHUVbpiqUOEv2X0V8rDjmnoSXja4kN545hx89z08yB9w1ASR3FIYov192dP0Hi6nUZXvFweSSNBR13+PpIb5ZbQ==";
    static final String MAILGUN_KEY = "revguard-fixture-signing-key-0001";
    static final String POSTHOG_TOKEN = "posthog-intake-token-0123456789";
    static final byte[] WEBHOOK_SECRET = "a-standard-webhooks-secret-of-32".getBytes(StandardCharsets.US_ASCII);
    static final String TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:revguard-ses-events";
    static final int MAX_BODY = 2 * 1024 * 1024;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static KafkaBroker kafka;
    private static String schema;
    private static SnsTestServer sns;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T14:05:10Z"));
    private String providers;
    private String posthog;
    private IntakeService service;

    @BeforeAll
    static void startParts() throws Exception {
        kafka = KafkaBroker.start();
        schema = IntakeService.newSchema("intake");
        sns = new SnsTestServer();
    }

    @AfterAll
    static void stopParts() throws Exception {
        sns.close();
        kafka.close();
        IntakeService.dropSchema(schema);
    }

    @BeforeEach
    void startService() throws Exception {
        int n = TOPICS.incrementAndGet();
        providers = "provider-events-" + n;
        posthog = "posthog-events-" + n;
        kafka.createTopic(providers, 3);
        kafka.createTopic(posthog, 3);
        IntakeService.exec("DELETE FROM " + schema + ".intake_seen_tokens"); // the fixtures' tokens are reused across tests
        service = IntakeService.start(schema, settings(), clock);
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    private Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        s.put("KAFKA_TOPIC_PROVIDERS", providers);
        s.put("KAFKA_TOPIC_POSTHOG", posthog);
        s.put("SENDGRID_WEBHOOK_PUBLIC_KEY", SENDGRID_KEY);
        s.put("MAILGUN_WEBHOOK_SIGNING_KEY", MAILGUN_KEY);
        s.put("SNS_TOPIC_ARNS", TOPIC_ARN);
        s.put("SNS_CERT_HOSTS", sns.base());
        s.put("SNS_AUTO_CONFIRM", "true");
        s.put("INGEST_POSTHOG_TOKEN", POSTHOG_TOKEN);
        s.put("INGEST_POSTHOG_SIGNING_SECRET", "whsec_" + Base64.getEncoder().encodeToString(WEBHOOK_SECRET));
        s.put("INGEST_MAX_BODY_BYTES", Integer.toString(MAX_BODY));
        s.put("INGEST_KAFKA_TIMEOUT", "3s");
        return s;
    }

    // ---------------------------------------------------------------- SendGrid

    @Test
    void aSendGridBatchBecomesOneRecordPerEventKeyedByItsEventId() throws Exception {
        byte[] batch = fixture("sendgrid/batch.json");
        HttpResponse<String> r = service.post("/ingest/v1/sendgrid", batch, sendgridHeaders());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("records").asInt()).isEqualTo(8);

        JsonNode elements = JSON.readTree(batch);
        List<String> expectedKeys = new ArrayList<>();
        elements.forEach(e -> expectedKeys.add("sendgrid:" + e.get("sg_event_id").asText()));
        List<ConsumerRecord<byte[], byte[]>> records = kafka.records(providers);
        assertThat(records).extracting(IntakeIT::key).containsExactlyInAnyOrderElementsOf(expectedKeys);
        for (ConsumerRecord<byte[], byte[]> rec : records) {
            assertThat(indexOf(batch, rec.value())).as("the element's own bytes").isGreaterThan(0);
            assertThat(key(rec)).isEqualTo("sendgrid:" + JSON.readTree(rec.value()).get("sg_event_id").asText());
        }
        assertThat(kafka.count(posthog)).isZero();
    }

    @Test
    void sendGridRefusesWhatItsKeyDidNotSign() throws Exception {
        byte[] batch = fixture("sendgrid/batch.json");
        byte[] changed = batch.clone();
        int at = indexOf(changed, "acct-1001".getBytes(StandardCharsets.US_ASCII));
        changed[at + 8] = '2'; // one byte
        assertRefused(service.post("/ingest/v1/sendgrid", changed, sendgridHeaders()), 401);

        Map<String, String> laterTimestamp = sendgridHeaders();
        laterTimestamp.put(SendGridVerifier.TIMESTAMP_HEADER, "1772460407");
        assertRefused(service.post("/ingest/v1/sendgrid", batch, laterTimestamp), 401);
        assertRefused(service.post("/ingest/v1/sendgrid", batch, Map.of()), 401);
        Map<String, String> garbled = sendgridHeaders();
        garbled.put(SendGridVerifier.SIGNATURE_HEADER, "not base64 at all!");
        assertRefused(service.post("/ingest/v1/sendgrid", batch, garbled), 401);

        assertThat(kafka.count(providers)).isZero();
        assertThat(service.metrics.scrape()).contains("revguard_intake_refusals_total{provider=\"sendgrid\",reason=\"bad_signature\"} 3.0")
                .contains("revguard_intake_refusals_total{provider=\"sendgrid\",reason=\"missing_signature\"} 1.0");
    }

    // ---------------------------------------------------------------- Mailgun

    @Test
    void aMailgunBodyIsStoredWholeOnceAndItsReplayIsRefused() throws Exception {
        byte[] delivered = fixture("mailgun/delivered.json");
        clock.set(Instant.ofEpochSecond(1772460305L + 30));
        HttpResponse<String> r = service.post("/ingest/v1/mailgun", delivered, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(tokenRows("154f8c1e21584193ab4af0bb1139ec1e9890c0765d6b8f7e1b")).isEqualTo(1);

        assertRefused(service.post("/ingest/v1/mailgun", delivered, Map.of()), 401);

        clock.set(Instant.ofEpochSecond(1772460334L));
        HttpResponse<String> noId = service.post("/ingest/v1/mailgun", fixture("mailgun/malformed-missing-id.json"), Map.of());
        assertThat(noId.statusCode()).as("stored: the job dead-letters it").isEqualTo(200);

        List<ConsumerRecord<byte[], byte[]>> records = kafka.records(providers);
        assertThat(records).extracting(IntakeIT::key).containsExactlyInAnyOrder("mailgun:DFmHMMxOd_00cmQGuKEv3A", "mailgun");
        assertThat(records.stream().filter(x -> key(x).equals("mailgun:DFmHMMxOd_00cmQGuKEv3A")).findFirst().orElseThrow().value())
                .isEqualTo(delivered);
        assertThat(service.metrics.scrape())
                .contains("revguard_intake_refusals_total{provider=\"mailgun\",reason=\"replayed_token\"} 1.0");
    }

    @Test
    void mailgunRefusesBadSignaturesStaleTimestampsAndBrokenJson() throws Exception {
        clock.set(Instant.ofEpochSecond(1772460342L));
        assertRefused(service.post("/ingest/v1/mailgun", fixture("mailgun/malformed-bad-signature.json"), Map.of()), 401);

        byte[] accepted = fixture("mailgun/accepted.json");
        clock.set(Instant.ofEpochSecond(1772460303L + 6 * 60));
        assertRefused(service.post("/ingest/v1/mailgun", accepted, Map.of()), 401);
        clock.set(Instant.ofEpochSecond(1772460303L - 6 * 60));
        assertRefused(service.post("/ingest/v1/mailgun", accepted, Map.of()), 401);
        assertRefused(service.post("/ingest/v1/mailgun", fixture("mailgun/malformed-truncated.json"), Map.of()), 400);
        assertRefused(service.post("/ingest/v1/mailgun", "{\"event-data\":{\"id\":\"x\"}}".getBytes(), Map.of()), 401);
        assertThat(kafka.count(providers)).isZero();
        assertThat(tokenRows("b2eb44d11d%")).as("a refused request burns no token").isZero();

        clock.set(Instant.ofEpochSecond(1772460303L + 60));
        assertThat(service.post("/ingest/v1/mailgun", accepted, Map.of()).statusCode()).isEqualTo(200);
        assertThat(kafka.records(providers)).extracting(IntakeIT::key).containsExactly("mailgun:7_CgMfIvJfa8-ZWQYpiZIQ");
        assertThat(service.metrics.scrape())
                .contains("revguard_intake_refusals_total{provider=\"mailgun\",reason=\"stale_timestamp\"} 2.0")
                .contains("revguard_intake_refusals_total{provider=\"mailgun\",reason=\"malformed_json\"} 1.0");
    }

    @Test
    void concurrentReplaysOfOneTokenAreAcceptedOnce() throws Exception {
        byte[] complained = fixture("mailgun/complained.json");
        clock.set(Instant.ofEpochSecond(1772460902L + 5));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> service.post("/ingest/v1/mailgun", complained, Map.of()).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 401);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        // A loser may have reached Kafka before losing: a duplicate by event id, which the job counts once.
        assertThat(kafka.records(providers)).isNotEmpty().extracting(IntakeIT::key).containsOnly("mailgun:WT_dT7cRmz9zAvo5rtFtaw");
    }

    // ---------------------------------------------------------------- SES via SNS

    @Test
    void snsNotificationsSignedWithEitherVersionAreStoredAsTheirEnvelope() throws Exception {
        ObjectNode base = (ObjectNode) JSON.readTree(fixture("ses/sns-envelope-notification.json"));
        ObjectNode v1Message = base.deepCopy().put("MessageId", "11111111-7a48-4dca-b2dc-e20a1f18947f");
        v1Message.remove("Subject"); // signed without it when absent
        byte[] v1 = SnsTestServer.bytes(sns.sign(v1Message, 1));
        byte[] v2 = SnsTestServer.bytes(sns.sign(base, 2));
        long certFetches = certFetches();

        assertThat(service.post("/ingest/v1/ses", v1, Map.of()).statusCode()).isEqualTo(200);
        assertThat(service.post("/ingest/v1/ses", v2, Map.of()).statusCode()).isEqualTo(200);

        List<ConsumerRecord<byte[], byte[]>> records = kafka.records(providers);
        assertThat(records).extracting(IntakeIT::key)
                .containsExactlyInAnyOrder("ses:11111111-7a48-4dca-b2dc-e20a1f18947f", "ses:ee1788c3-7a48-4dca-b2dc-e20a1f18947f");
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(v1, v2);
        assertThat(certFetches() - certFetches).as("the certificate is fetched once, then cached").isEqualTo(1);
    }

    @Test
    void snsMessagesOfOtherTopicsForeignCertificatesAndBadSignaturesAreRefused() throws Exception {
        ObjectNode base = (ObjectNode) JSON.readTree(fixture("ses/sns-envelope-notification.json"));
        long certFetches = certFetches();

        ObjectNode otherTopic = sns.sign(base.deepCopy().put("TopicArn", "arn:aws:sns:us-east-1:111122223333:someone-else"), 2);
        assertRefused(service.post("/ingest/v1/ses", SnsTestServer.bytes(otherTopic), Map.of()), 403);

        for (String foreign : List.of("http://127.0.0.2:" + service.port() + "/cert.pem",
                "https://sns.us-east-1.amazonaws.com.evil.example/cert.pem",
                "https://evil.example/https://sns.us-east-1.amazonaws.com/cert.pem",
                sns.base().replace("127.0.0.1", "localhost") + "cert.pem")) {
            ObjectNode m = sns.sign(base, 2).put("SigningCertURL", foreign);
            assertRefused(service.post("/ingest/v1/ses", SnsTestServer.bytes(m), Map.of()), 401);
        }
        assertThat(certFetches() - certFetches).as("no foreign certificate was fetched").isZero();

        ObjectNode tampered = sns.sign(base, 2);
        tampered.put("Message", tampered.get("Message").asText().replace("member-217", "member-218"));
        assertRefused(service.post("/ingest/v1/ses", SnsTestServer.bytes(tampered), Map.of()), 401);
        assertRefused(service.post("/ingest/v1/ses", SnsTestServer.bytes(sns.sign(base, 1).put("SignatureVersion", "2")), Map.of()), 401);
        assertRefused(service.post("/ingest/v1/ses", "{\"Type\":\"Notification\"".getBytes(), Map.of()), 400);
        assertRefused(service.post("/ingest/v1/ses", "[1,2]".getBytes(), Map.of()), 401);

        assertThat(kafka.count(providers)).isZero();
        assertThat(service.metrics.scrape())
                .contains("revguard_intake_refusals_total{provider=\"ses\",reason=\"unknown_topic\"} 1.0")
                .contains("revguard_intake_refusals_total{provider=\"ses\",reason=\"foreign_cert_url\"} 4.0");
    }

    @Test
    void aSubscriptionConfirmationIsConfirmedFromSnsOnly() throws Exception {
        ObjectNode confirmation = (ObjectNode) JSON.readTree(fixture("ses/sns-envelope-subscription-confirmation.json"));
        String subscribe = sns.base() + "confirm?Action=ConfirmSubscription&Token=dcd22f4e";
        byte[] body = SnsTestServer.bytes(sns.sign(confirmation.deepCopy().put("SubscribeURL", subscribe), 2));
        assertThat(service.post("/ingest/v1/ses", body, Map.of()).statusCode()).isEqualTo(200);
        assertThat(sns.requests()).contains("GET /confirm?Action=ConfirmSubscription&Token=dcd22f4e");

        byte[] foreign = SnsTestServer.bytes(sns.sign(confirmation.deepCopy()
                .put("MessageId", "22222222-fa3a-4d07-b413-249f93ef04d2")
                .put("SubscribeURL", "http://127.0.0.2:9/confirm?Token=x"), 2));
        assertRefused(service.post("/ingest/v1/ses", foreign, Map.of()), 401);

        assertThat(kafka.records(providers)).extracting(IntakeIT::key).containsExactly("ses:9a81b752-fa3a-4d07-b413-249f93ef04d2");
    }

    // ---------------------------------------------------------------- PostHog

    @Test
    void posthogBodiesOfEveryShapeBecomeOneRecordPerEvent() throws Exception {
        Map<String, byte[]> bodies = new HashMap<>();
        for (String name : List.of("intake-webhook-default", "intake-flat-event", "intake-array", "intake-batch")) {
            bodies.put(name, fixture("posthog/" + name + ".json"));
            HttpResponse<String> r = service.post("/ingest/v1/posthog", bodies.get(name), bearer(POSTHOG_TOKEN));
            assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(200);
        }
        List<ConsumerRecord<byte[], byte[]>> records = kafka.records(posthog);
        assertThat(records).extracting(IntakeIT::key).containsExactlyInAnyOrder(
                "posthog:019caf4a-1a35-70f2-89f0-166e6d14a590",
                "posthog:019caf4a-43b6-749a-a536-04e953405863",
                "posthog:019caf4a-54b4-7693-a1df-c568de836a00",
                "posthog:019caf4a-5db0-721d-979e-1b11b96cc65d",
                "posthog:019caf4a-67d8-794e-9aee-e7432409c5b9",
                "posthog:019caf4a-a2eb-70ad-ad4c-66b61879147d",
                "posthog:019caf4a-acce-7edf-b83b-ac74d5aca2e3");
        for (ConsumerRecord<byte[], byte[]> rec : records) {
            String k = key(rec);
            if (k.endsWith("1a35-70f2-89f0-166e6d14a590")) {
                assertThat(rec.value()).as("{event, person} kept whole").isEqualTo(bodies.get("intake-webhook-default"));
            } else if (k.endsWith("43b6-749a-a536-04e953405863")) {
                assertThat(rec.value()).isEqualTo(bodies.get("intake-flat-event"));
            } else {
                byte[] from = k.contains("-a2eb-") || k.contains("-acce-") ? bodies.get("intake-batch") : bodies.get("intake-array");
                assertThat(indexOf(from, rec.value())).as("an element's own bytes").isGreaterThan(0);
                JsonNode event = JSON.readTree(rec.value());
                assertThat(event.has("api_key") || event.has("sentAt")).isFalse();
                assertThat(k).isEqualTo("posthog:" + event.get("uuid").asText());
            }
        }
        assertThat(kafka.count(providers)).isZero();
        assertThat(service.metrics.scrape()).contains("revguard_intake_records_total{provider=\"posthog\"} 7.0")
                .contains("revguard_intake_requests_total{provider=\"posthog\"} 4.0");
    }

    @Test
    void posthogNeedsItsTokenAndAStandardWebhooksSignatureThatVerifiesWhenSigned() throws Exception {
        byte[] body = fixture("posthog/intake-flat-event.json");
        String ts = Long.toString(clock.instant().getEpochSecond());
        Map<String, String> signed = bearer(POSTHOG_TOKEN);
        signed.put("webhook-id", "msg_2Lh9Hq0aTj");
        signed.put("webhook-timestamp", ts);
        signed.put("webhook-signature", "v1,bm90LXRoaXMtb25l v1," + webhookSignature("msg_2Lh9Hq0aTj", ts, body));
        assertThat(service.post("/ingest/v1/posthog", body, signed).statusCode()).isEqualTo(200);

        Map<String, String> wrong = new HashMap<>(signed);
        wrong.put("webhook-signature", "v1," + webhookSignature("msg_other", ts, body));
        assertRefused(service.post("/ingest/v1/posthog", body, wrong), 401);
        Map<String, String> stale = new HashMap<>(signed);
        String old = Long.toString(clock.instant().getEpochSecond() - 6 * 60);
        stale.put("webhook-timestamp", old);
        stale.put("webhook-signature", "v1," + webhookSignature("msg_2Lh9Hq0aTj", old, body));
        assertRefused(service.post("/ingest/v1/posthog", body, stale), 401);
        Map<String, String> partial = new HashMap<>(signed);
        partial.remove("webhook-signature");
        assertRefused(service.post("/ingest/v1/posthog", body, partial), 401);

        assertRefused(service.post("/ingest/v1/posthog", body, Map.of()), 401);
        assertRefused(service.post("/ingest/v1/posthog", body, bearer(POSTHOG_TOKEN + "x")), 401);
        assertRefused(service.post("/ingest/v1/posthog", body, Map.of("Authorization", "Basic " + POSTHOG_TOKEN)), 401);
        assertRefused(service.post("/ingest/v1/posthog", "{\"uuid\": \"019c\", ".getBytes(), bearer(POSTHOG_TOKEN)), 400);
        assertRefused(service.post("/ingest/v1/posthog", "{} {}".getBytes(), bearer(POSTHOG_TOKEN)), 400);
        assertRefused(service.post("/ingest/v1/posthog", new byte[0], bearer(POSTHOG_TOKEN)), 400);

        assertThat(kafka.records(posthog)).extracting(IntakeIT::key).containsExactly("posthog:019caf4a-43b6-749a-a536-04e953405863");
        assertThat(service.metrics.scrape())
                .contains("revguard_intake_refusals_total{provider=\"posthog\",reason=\"bad_token\"} 1.0")
                .contains("revguard_intake_refusals_total{provider=\"posthog\",reason=\"missing_token\"} 2.0");
    }

    @Test
    void anEventWithoutAnIdIsStoredUnderItsProviderAlone() throws Exception {
        byte[] body = "[{\"event\":\"$pageview\",\"timestamp\":\"2026-03-02T16:03:35Z\"},{\"uuid\":\"u-1\"},7]".getBytes();
        assertThat(service.post("/ingest/v1/posthog", body, bearer(POSTHOG_TOKEN)).statusCode()).isEqualTo(200);
        List<ConsumerRecord<byte[], byte[]>> records = kafka.records(posthog);
        assertThat(records).extracting(IntakeIT::key).containsExactlyInAnyOrder("posthog", "posthog:u-1", "posthog");
        assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder(
                "{\"event\":\"$pageview\",\"timestamp\":\"2026-03-02T16:03:35Z\"}", "{\"uuid\":\"u-1\"}", "7");
    }

    // ---------------------------------------------------------------- sizes, routes, roles

    @Test
    void oversizedBodiesAndEventsAre413BeforeAnythingElse() throws Exception {
        // Declared too large: answered from Content-Length alone, with no token and no body sent.
        assertThat(rawPost("/ingest/v1/posthog", "Content-Length: " + (MAX_BODY + 1) + "\r\n", null)).isEqualTo(413);
        // No Content-Length (chunked): read up to the cap, then refused.
        assertThat(rawPost("/ingest/v1/sendgrid", "Transfer-Encoding: chunked\r\n", out -> {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int i = 0; i < MAX_BODY / chunk.length + 4; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })).isEqualTo(413);
        // Under the body limit, but one event over 1 MiB.
        String big = "{\"uuid\":\"big\",\"properties\":{\"pad\":\"" + "x".repeat(IntakeSettings.MAX_EVENT_BYTES) + "\"}}";
        byte[] body = ("[{\"uuid\":\"small\"}," + big + "]").getBytes(StandardCharsets.US_ASCII);
        assertRefused(service.post("/ingest/v1/posthog", body, bearer(POSTHOG_TOKEN)), 413);
        clock.set(Instant.ofEpochSecond(1772460305L));
        byte[] mailgun = fixture("mailgun/delivered.json");
        assertThat(rawPost("/ingest/v1/mailgun", "Content-Length: " + (MAX_BODY + 1) + "\r\n", null)).isEqualTo(413);

        assertThat(kafka.count(posthog)).isZero();
        assertThat(kafka.count(providers)).isZero();
        assertThat(service.post("/ingest/v1/mailgun", mailgun, Map.of()).statusCode()).as("the token was not burned").isEqualTo(200);
        assertThat(service.metrics.scrape())
                .contains("revguard_intake_refusals_total{provider=\"posthog\",reason=\"too_large\"} 1.0")
                .contains("revguard_intake_refusals_total{provider=\"posthog\",reason=\"event_too_large\"} 1.0")
                .contains("revguard_intake_refusals_total{provider=\"sendgrid\",reason=\"too_large\"} 1.0");
    }

    @Test
    void serviceRolesChooseTheRoutesAndAnUnconfiguredIntakeIs404() throws Exception {
        Map<String, String> intakeOnly = new HashMap<>();
        intakeOnly.put("SERVICE_ROLES", "intake");
        intakeOnly.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        intakeOnly.put("KAFKA_TOPIC_POSTHOG", posthog);
        intakeOnly.put("KAFKA_TOPIC_PROVIDERS", providers);
        intakeOnly.put("INGEST_POSTHOG_TOKEN", POSTHOG_TOKEN);
        intakeOnly.put("ALLOW_ANONYMOUS", "false"); // no API_TOKENS needed without the api role
        try (IntakeService intake = IntakeService.start(schema, intakeOnly, clock)) {
            assertThat(intake.post("/ingest/v1/posthog", fixture("posthog/intake-flat-event.json"), bearer(POSTHOG_TOKEN)).statusCode())
                    .isEqualTo(200);
            for (String unconfigured : List.of("sendgrid", "mailgun", "ses")) {
                HttpResponse<String> r = intake.post("/ingest/v1/" + unconfigured, fixture("posthog/intake-flat-event.json"), Map.of());
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("not_found");
            }
            assertThat(intake.get("/api/v1/risk").statusCode()).isEqualTo(404);
            assertThat(intake.get("/").statusCode()).isEqualTo(404);
            assertThat(intake.get("/health").statusCode()).isEqualTo(200);
            assertThat(intake.metrics.scrape())
                    .contains("revguard_intake_refusals_total{provider=\"ses\",reason=\"not_configured\"} 1.0");
        }
        Map<String, String> apiOnly = new HashMap<>(settings());
        apiOnly.put("SERVICE_ROLES", "api");
        try (IntakeService api = IntakeService.start(schema, apiOnly, clock)) {
            assertThat(api.post("/ingest/v1/posthog", fixture("posthog/intake-flat-event.json"), bearer(POSTHOG_TOKEN)).statusCode())
                    .isEqualTo(404);
            assertThat(api.get("/api/v1/vocabulary").statusCode()).isEqualTo(200);
        }
        assertThat(kafka.count(providers)).isZero();
        assertThat(kafka.records(posthog)).hasSize(1);
    }

    @Test
    void theMetricsEndpointCountsRequestsRecordsAndRefusals() throws Exception {
        service.post("/ingest/v1/posthog", fixture("posthog/intake-array.json"), bearer(POSTHOG_TOKEN));
        service.post("/ingest/v1/posthog", fixture("posthog/intake-array.json"), bearer("wrong-token-0123456789"));
        String metrics = service.get("/metrics").body();
        assertThat(metrics)
                .contains("# HELP revguard_intake_requests_total")
                .contains("revguard_intake_requests_total{provider=\"posthog\"} 2.0")
                .contains("revguard_intake_requests_total{provider=\"sendgrid\"} 0.0")
                .contains("revguard_intake_records_total{provider=\"posthog\"} 3.0")
                .contains("revguard_intake_refusals_total{provider=\"posthog\",reason=\"bad_token\"} 1.0")
                .doesNotContain(POSTHOG_TOKEN);
    }

    // ---------------------------------------------------------------- helpers

    static byte[] fixture(String path) throws IOException {
        try (InputStream in = IntakeIT.class.getResourceAsStream("/intake-fixtures/" + path)) {
            if (in == null) {
                throw new IOException("no fixture " + path);
            }
            return in.readAllBytes();
        }
    }

    static Map<String, String> sendgridHeaders() throws IOException {
        JsonNode h = JSON.readTree(fixture("sendgrid/batch.headers.json"));
        Map<String, String> m = new HashMap<>();
        m.put(SendGridVerifier.SIGNATURE_HEADER, h.get(SendGridVerifier.SIGNATURE_HEADER).asText());
        m.put(SendGridVerifier.TIMESTAMP_HEADER, h.get(SendGridVerifier.TIMESTAMP_HEADER).asText());
        return m;
    }

    static Map<String, String> bearer(String token) {
        Map<String, String> m = new HashMap<>();
        m.put("Authorization", "Bearer " + token);
        return m;
    }

    static String webhookSignature(String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    static String key(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    static void assertRefused(HttpResponse<String> r, int status) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("detail").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain(MAILGUN_KEY).doesNotContain(POSTHOG_TOKEN);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private long tokenRows(String tokenPattern) throws Exception {
        return IntakeService.count("SELECT count(*) FROM " + schema + ".intake_seen_tokens WHERE provider = 'mailgun' AND token LIKE '"
                + tokenPattern + "'");
    }

    private long certFetches() {
        return sns.requests().stream().filter(r -> r.equals("GET /cert.pem")).count();
    }

    @FunctionalInterface
    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** A POST over a plain socket (for bodies no HTTP client would send as they are); the answer's status. */
    private int rawPost(String path, String headers, BodyWriter body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = null;
            if (body != null) {
                writer = new Thread(() -> {
                    try {
                        body.write(out);
                        out.flush();
                    } catch (IOException e) {
                        // the server answered and closed before reading it all: expected
                    }
                });
                writer.start();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.write(c);
            }
            if (writer != null) {
                writer.join(20_000);
            }
            String status = line.toString(StandardCharsets.US_ASCII);
            assertThat(status).startsWith("HTTP/1.1 ");
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
