package dev.revguard.query.intake;

import static dev.revguard.query.intake.IntakeIT.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verifiers and the body splitter as plain functions, on the shared fixtures. */
class IntakeVerifiersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOLERANCE = IntakeSettings.TIMESTAMP_TOLERANCE;

    private static Refusal refusal(Runnable r) {
        try {
            r.run();
        } catch (Refusal e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void theFixtureKeyVerifiesTheSendGridBatchAndNotOneByteMore() throws Exception {
        SendGridVerifier v = new SendGridVerifier(SendGridVerifier.parsePublicKey(IntakeIT.SENDGRID_KEY));
        Map<String, String> h = IntakeIT.sendgridHeaders();
        String sig = h.get(SendGridVerifier.SIGNATURE_HEADER);
        String ts = h.get(SendGridVerifier.TIMESTAMP_HEADER);
        byte[] batch = fixture("sendgrid/batch.json");
        assertThat(batch[batch.length - 1]).as("the signed bytes end with the file's newline").isEqualTo((byte) '\n');
        v.verify(sig, ts, batch);
        for (int i : new int[] {0, batch.length / 2, batch.length - 1}) {
            byte[] changed = batch.clone();
            changed[i] ^= 1;
            assertThat(v.valid(sig, ts, changed)).as("byte %d changed", i).isFalse();
        }
        assertThat(v.valid(sig, "1772460407", batch)).isFalse();
        assertThat(v.valid(sig, ts, java.util.Arrays.copyOf(batch, batch.length - 1))).as("without the final newline").isFalse();
        assertThat(refusal(() -> v.verify(null, ts, batch)).reason()).isEqualTo(Refusal.MISSING_SIGNATURE);
        assertThat(refusal(() -> v.verify("MEUCIQ==", ts, batch)).reason()).isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(() -> v.verify("%%%", ts, batch)).status()).isEqualTo(401);
    }

    @Test
    void onlyAnEcP256KeyIsASendGridKey() {
        assertThat(SendGridVerifier.parsePublicKey(IntakeIT.SENDGRID_KEY)).isNotNull();
        assertThat(SendGridVerifier.parsePublicKey("not base64!")).isNull();
        // An RSA key (the kind SNS signs with) is not an ECDSA P-256 key.
        String rsa = java.util.Base64.getEncoder().encodeToString(rsaKey().getEncoded());
        assertThat(SendGridVerifier.parsePublicKey(rsa)).isNull();
    }

    private static java.security.PublicKey rsaKey() {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(1024);
            return g.generateKeyPair().getPublic();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mailgunSignaturesAreCheckedAgainstTheKeyAndTheClock() throws Exception {
        JsonNode delivered = JSON.readTree(fixture("mailgun/delivered.json"));
        Instant signedAt = Instant.ofEpochSecond(1772460305L);
        MailgunVerifier atSigning = new MailgunVerifier(IntakeIT.MAILGUN_KEY, Clock.fixed(signedAt.plusSeconds(299), ZoneOffset.UTC), TOLERANCE);
        assertThat(atSigning.verify(delivered)).isEqualTo("154f8c1e21584193ab4af0bb1139ec1e9890c0765d6b8f7e1b");

        MailgunVerifier late = new MailgunVerifier(IntakeIT.MAILGUN_KEY, Clock.fixed(signedAt.plusSeconds(301), ZoneOffset.UTC), TOLERANCE);
        assertThat(refusal(() -> late.verify(delivered)).reason()).isEqualTo(Refusal.STALE_TIMESTAMP);
        MailgunVerifier early = new MailgunVerifier(IntakeIT.MAILGUN_KEY, Clock.fixed(signedAt.minusSeconds(301), ZoneOffset.UTC), TOLERANCE);
        assertThat(refusal(() -> early.verify(delivered)).reason()).isEqualTo(Refusal.STALE_TIMESTAMP);

        MailgunVerifier otherKey = new MailgunVerifier("another-key", Clock.fixed(signedAt, ZoneOffset.UTC), TOLERANCE);
        assertThat(refusal(() -> otherKey.verify(delivered)).reason()).isEqualTo(Refusal.BAD_SIGNATURE);

        JsonNode bad = JSON.readTree(fixture("mailgun/malformed-bad-signature.json"));
        MailgunVerifier atBad = new MailgunVerifier(IntakeIT.MAILGUN_KEY, Clock.fixed(Instant.ofEpochSecond(1772460342L), ZoneOffset.UTC), TOLERANCE);
        assertThat(refusal(() -> atBad.verify(bad)).reason()).isEqualTo(Refusal.BAD_SIGNATURE);

        ObjectNode upper = delivered.deepCopy();
        ((ObjectNode) upper.get("signature")).put("signature", upper.get("signature").get("signature").asText().toUpperCase());
        assertThat(atSigning.verify(upper)).as("hex in capitals is the same signature").isNotNull();
        ObjectNode unsigned = delivered.deepCopy();
        unsigned.remove("signature");
        assertThat(refusal(() -> atSigning.verify(unsigned)).reason()).isEqualTo(Refusal.MISSING_SIGNATURE);
    }

    @Test
    void posthogNeedsTheBearerTokenAndVerifiesStandardWebhooksWhenPresent() {
        Instant now = Instant.parse("2026-03-02T16:04:00Z");
        byte[] secret = PostHogVerifier.parseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        PostHogVerifier v = new PostHogVerifier("the-posthog-token-1", secret, Clock.fixed(now, ZoneOffset.UTC), TOLERANCE);
        byte[] body = "{\"uuid\":\"u\"}".getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(now.getEpochSecond());
        String good = "v1," + v.sign("msg_1", ts, body);

        v.verify("Bearer the-posthog-token-1", null, null, null, body);
        v.verify("bearer the-posthog-token-1", "msg_1", ts, "v1,AAAA " + good, body);
        assertThat(refusal(() -> v.verify(null, null, null, null, body)).reason()).isEqualTo(Refusal.MISSING_TOKEN);
        assertThat(refusal(() -> v.verify("Bearer the-posthog-token-2", null, null, null, body)).reason()).isEqualTo(Refusal.BAD_TOKEN);
        assertThat(refusal(() -> v.verify("Bearer the-posthog-token-1", "msg_2", ts, good, body)).reason()).isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(refusal(() -> v.verify("Bearer the-posthog-token-1", "msg_1", ts, "v2," + good.substring(3), body)).reason())
                .isEqualTo(Refusal.BAD_SIGNATURE);
        String old = Long.toString(now.minusSeconds(301).getEpochSecond());
        assertThat(refusal(() -> v.verify("Bearer the-posthog-token-1", "msg_1", old, "v1," + v.sign("msg_1", old, body), body)).reason())
                .isEqualTo(Refusal.STALE_TIMESTAMP);
        assertThat(refusal(() -> v.verify("Bearer the-posthog-token-1", "msg_1", null, good, body)).reason())
                .isEqualTo(Refusal.MISSING_SIGNATURE);

        PostHogVerifier noSecret = new PostHogVerifier("the-posthog-token-1", null, Clock.fixed(now, ZoneOffset.UTC), TOLERANCE);
        noSecret.verify("Bearer the-posthog-token-1", "msg_1", ts, "v1,whatever", body); // the token authenticates
        assertThat(PostHogVerifier.parseSecret("whsec_c2hvcnQ=")).as("5 bytes").isNull();
    }

    @Test
    void snsCanonicalStringsFollowTheDocumentedFieldOrder() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(fixture("ses/sns-envelope-notification.json"));
        String withSubject = SnsVerifier.canonical(n, "Notification");
        assertThat(withSubject).startsWith("Message\n{\"eventType\":\"Delivery\"")
                .contains("\nMessageId\nee1788c3-7a48-4dca-b2dc-e20a1f18947f\nSubject\nAmazon SES Email Event Notification\nTimestamp\n"
                        + "2026-03-02T14:05:26.004Z\nTopicArn\narn:aws:sns:us-east-1:111122223333:revguard-ses-events\nType\nNotification\n");
        n.remove("Subject");
        assertThat(SnsVerifier.canonical(n, "Notification")).doesNotContain("Subject");
        ObjectNode c = (ObjectNode) JSON.readTree(fixture("ses/sns-envelope-subscription-confirmation.json"));
        assertThat(SnsVerifier.canonical(c, "SubscriptionConfirmation"))
                .matches("(?s)Message\n.*\nMessageId\n9a81b752-fa3a-4d07-b413-249f93ef04d2\nSubscribeURL\nhttps://sns.*\nTimestamp\n"
                        + "2026-03-02T13:05:00.000Z\nToken\ndcd22f4e.*\nTopicArn\narn:aws:sns:us-east-1:111122223333:revguard-ses-events\n"
                        + "Type\nSubscriptionConfirmation\n");
        c.remove("Token");
        assertThat(SnsVerifier.canonical(c, "SubscriptionConfirmation")).isNull();
        assertThat(SnsVerifier.canonical(n, "Surprise")).isNull();
    }

    @Test
    void snsUrlsAreSnsOrAConfiguredPrefix() {
        SnsUrls aws = new SnsUrls(List.of());
        assertThat(aws.allowed("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem")).isTrue();
        assertThat(aws.allowed("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem")).isTrue();
        assertThat(aws.allowed("http://sns.us-east-1.amazonaws.com/x.pem")).isFalse();
        assertThat(aws.allowed("https://sns.us-east-1.amazonaws.com.evil.example/x.pem")).isFalse();
        assertThat(aws.allowed("https://sns.us-east-1.amazonaws.com@evil.example/x.pem")).isFalse();
        assertThat(aws.allowed("https://evil.example/sns.us-east-1.amazonaws.com/x.pem")).isFalse();
        assertThat(aws.allowed("https://sqs.us-east-1.amazonaws.com/x.pem")).isFalse();
        assertThat(aws.allowed(null)).isFalse();

        SnsUrls test = new SnsUrls(List.of(SnsUrls.prefix("http://127.0.0.1:8089"), SnsUrls.prefix("http://127.0.0.1:8090/certs")));
        assertThat(test.allowed("http://127.0.0.1:8089/cert.pem")).isTrue();
        assertThat(test.allowed("http://127.0.0.1:8090/certs/cert.pem")).isTrue();
        assertThat(test.allowed("http://127.0.0.1:8090/other/cert.pem")).isFalse();
        assertThat(test.allowed("http://127.0.0.1:8090/certs/../other/cert.pem")).isFalse();
        assertThat(test.allowed("http://127.0.0.1:80890/cert.pem")).isFalse();
        assertThat(test.allowed("http://127.0.0.2:8089/cert.pem")).isFalse();
        assertThat(test.allowed("https://127.0.0.1:8089/cert.pem")).isFalse();
        assertThat(test.allowed("http://user@127.0.0.1:8089/cert.pem")).isFalse();
        assertThat(SnsUrls.prefix("ftp://x/")).isNull();
        assertThat(SnsUrls.prefix("http://127.0.0.1:8089")).isEqualTo(URI.create("http://127.0.0.1:8089/"));
    }

    @Test
    void bodiesAreSplitIntoTheirOwnBytesAndJudgedOnSyntaxAlone() throws Exception {
        byte[] body = "[ {\"a\": [1, {\"b\": \"]}\"}]} ,\"str\\\"ing\", 12.50e1 ,null,[] ]".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonBodies.parse(body).size()).isEqualTo(5);
        assertThat(JsonBodies.arrayElements(body)).extracting(b -> new String(b, StandardCharsets.UTF_8))
                .containsExactly("{\"a\": [1, {\"b\": \"]}\"}]}", "\"str\\\"ing\"", "12.50e1", "null", "[]");
        byte[] capture = "{\"api_key\":\"phc\",\"batch\" : [{\"uuid\":\"1\"},{\"uuid\":\"2\", \"x\": {}}],\"sentAt\":\"t\"}".getBytes();
        assertThat(JsonBodies.fieldElements(capture, "batch")).extracting(String::new)
                .containsExactly("{\"uuid\":\"1\"}", "{\"uuid\":\"2\", \"x\": {}}");

        // 5,000 levels deep is JSON all the same: the job, not the intake, dead-letters it.
        byte[] deep = ("{\"uuid\":\"d\",\"p\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes();
        assertThat(JsonBodies.parse(deep).get("uuid").asText()).isEqualTo("d");
        assertThat(JsonBodies.arrayElements(("[" + new String(deep) + "]").getBytes())).hasSize(1);

        for (String bad : List.of("", "   ", "{", "[1,]", "{\"a\":1}}", "{} {}", "nul", "\"unterminated")) {
            assertThatThrownBy(() -> JsonBodies.parse(bad.getBytes())).as(bad).isInstanceOfSatisfying(Refusal.class,
                    r -> assertThat(r.status()).isEqualTo(400));
        }
        assertThat(JsonBodies.scalar(JSON.readTree("{\"id\":42}"), "id")).isEqualTo("42");
        assertThat(JsonBodies.scalar(JSON.readTree("{\"id\":\"\"}"), "id")).isNull();
        assertThat(JsonBodies.scalar(JSON.readTree("{\"id\":{}}"), "id")).isNull();
    }
}
