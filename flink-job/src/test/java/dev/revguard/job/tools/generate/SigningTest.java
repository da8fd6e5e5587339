package dev.revguard.job.tools.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the generator signs verifies the way the intake verifies it, with JDK code written here
 * independently of the generator's, checked first against the fixtures' own signatures.
 */
class SigningTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static boolean sendGridVerifies(String publicKeyBase64, String timestamp, byte[] body, String signature)
            throws Exception {
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(key);
        v.update(timestamp.getBytes(StandardCharsets.UTF_8));
        v.update(body);
        return v.verify(Base64.getDecoder().decode(signature));
    }

    private static String hmacHex(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    /** SNS's string to sign for a Notification, written out here on its own. */
    private static String snsStringToSign(JsonNode e) {
        return "Message\n" + e.get("Message").asText() + "\nMessageId\n" + e.get("MessageId").asText()
                + (e.has("Subject") ? "\nSubject\n" + e.get("Subject").asText() : "")
                + "\nTimestamp\n" + e.get("Timestamp").asText() + "\nTopicArn\n" + e.get("TopicArn").asText()
                + "\nType\n" + e.get("Type").asText() + "\n";
    }

    private Map<String, String> intakeEnv() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve(IntakeKeys.ENV_FILE))) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    @Test
    void theFixtureBatchVerifiesAsTheIntakeChecksIt() throws Exception {
        byte[] body = Files.readAllBytes(Fixtures.dir().resolve("sendgrid/batch.json"));
        JsonNode headers = Fixtures.read("sendgrid/batch.headers.json");
        assertThat(sendGridVerifies(headers.get("verification_public_key").asText(),
                headers.get(SendGridSignature.TIMESTAMP_HEADER).asText(), body,
                headers.get(SendGridSignature.SIGNATURE_HEADER).asText())).isTrue();
    }

    @Test
    void aSignedSendGridBatchVerifiesWithThePublicKeyInIntakeEnv() throws Exception {
        IntakeKeys keys = IntakeKeys.loadOrCreate(dir, QUIET);
        keys.writeEnv(dir, 18443);
        String publicKey = intakeEnv().get("SENDGRID_WEBHOOK_PUBLIC_KEY");
        byte[] body = "[{\"event\":\"processed\",\"sg_event_id\":\"x\"}]".getBytes(StandardCharsets.UTF_8);
        String signature = SendGridSignature.sign(keys.sendgrid().getPrivate(), "1772460406", body);
        assertThat(sendGridVerifies(publicKey, "1772460406", body, signature)).isTrue();
        assertThat(sendGridVerifies(publicKey, "1772460407", body, signature)).isFalse();
        byte[] tampered = body.clone();
        tampered[3]++;
        assertThat(sendGridVerifies(publicKey, "1772460406", tampered, signature)).isFalse();
    }

    @Test
    void mailgunSignaturesRecompute() throws Exception {
        JsonNode fixture = Fixtures.read("mailgun/accepted.json").get("signature");
        assertThat(MailgunSignature.hmac("revguard-fixture-signing-key-0001", fixture.get("timestamp").asText(),
                fixture.get("token").asText())).isEqualTo(fixture.get("signature").asText());

        IntakeKeys keys = IntakeKeys.loadOrCreate(dir, QUIET);
        keys.writeEnv(dir, 18443);
        String key = intakeEnv().get("MAILGUN_WEBHOOK_SIGNING_KEY");
        JsonNode body = Fixtures.read("mailgun/delivered.json");
        JsonNode signed = MailgunShape.resigned(body, keys.mailgunSigningKey(), "1800000000", "a".repeat(50));
        JsonNode s = signed.get("signature");
        assertThat(s.get("signature").asText()).isEqualTo(hmacHex(key, "1800000000" + "a".repeat(50)));
        assertThat(signed.get("event-data")).isEqualTo(body.get("event-data"));
    }

    @Test
    void anSnsEnvelopeVerifiesWithTheCertificateUnderSignatureVersion2() throws Exception {
        IntakeKeys keys = IntakeKeys.loadOrCreate(dir, QUIET);
        String message = Json.write(Fixtures.read("ses/delivery-multi-recipient.json"));
        JsonNode envelope = new SnsEnvelope(keys.snsKey(), "http://127.0.0.1:18443" + CertificateServer.PATH, IntakeKeys.SNS_TOPIC_ARN)
                .notification("6f0ad0d2-0bd4-4b68-9b43-0a7f7a1c2a11", message, "2026-03-02T14:05:26.004Z");
        assertThat(Fixtures.paths(envelope)).isEqualTo(Fixtures.paths(Fixtures.read("ses/sns-envelope-notification.json")));
        assertThat(envelope.get("SignatureVersion").asText()).isEqualTo("2");
        assertThat(envelope.get("Message").asText()).isEqualTo(message);
        assertThat(envelope.get("SigningCertURL").asText()).startsWith(IntakeKeys.certHostPrefix(18443));

        X509Certificate cert;
        try (InputStream in = Files.newInputStream(dir.resolve(IntakeKeys.SNS_CERTIFICATE))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(cert.getPublicKey());
        v.update(snsStringToSign(envelope).getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(Base64.getDecoder().decode(envelope.get("Signature").asText()))).isTrue();
        assertThat(SnsEnvelope.stringToSign(envelope)).isEqualTo(snsStringToSign(envelope));
    }

    @Test
    void theSelfSignedCertificateIsAValidX509Certificate() throws Exception {
        X509Certificate cert = IntakeKeys.loadOrCreate(dir, QUIET).snsCertificate();
        cert.checkValidity();
        cert.verify(cert.getPublicKey());
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=sns.amazonaws.com");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void keysAreMadeOnceAndIntakeEnvNamesWhatTheIntakeNeeds() throws Exception {
        IntakeKeys first = IntakeKeys.loadOrCreate(dir, QUIET);
        first.writeEnv(dir, 18443);
        IntakeKeys again = IntakeKeys.loadOrCreate(dir, QUIET);
        assertThat(again.sendgridPublicKey()).isEqualTo(first.sendgridPublicKey());
        assertThat(again.sendgrid().getPrivate().getEncoded()).isEqualTo(first.sendgrid().getPrivate().getEncoded());
        assertThat(again.mailgunSigningKey()).isEqualTo(first.mailgunSigningKey());
        assertThat(again.snsCertificate()).isEqualTo(first.snsCertificate());
        assertThat(again.snsKey().getEncoded()).isEqualTo(first.snsKey().getEncoded());
        assertThat(again.posthogToken()).isEqualTo(first.posthogToken());

        Map<String, String> env = intakeEnv();
        assertThat(env).containsOnlyKeys("SENDGRID_WEBHOOK_PUBLIC_KEY", "MAILGUN_WEBHOOK_SIGNING_KEY", "SNS_TOPIC_ARNS",
                "SNS_CERT_HOSTS", "INGEST_POSTHOG_TOKEN");
        assertThat(env.get("SNS_TOPIC_ARNS")).isEqualTo("arn:aws:sns:us-east-1:111122223333:revguard-demo");
        assertThat(env.get("SNS_CERT_HOSTS")).isEqualTo("http://127.0.0.1:18443/");
        assertThat(env.get("INGEST_POSTHOG_TOKEN")).isEqualTo(first.posthogToken());
        // env $(cat intake.env) splits on blanks: no value may hold one, nor a quote.
        assertThat(env.values()).allSatisfy(v -> assertThat(v).doesNotContainPattern("[\\s'\"#]").isNotEmpty());
        assertThat(IntakeKeys.certPortInEnv(dir)).isEqualTo(18443);

        Files.delete(dir.resolve(IntakeKeys.MAILGUN_KEY));
        IntakeKeys remade = IntakeKeys.loadOrCreate(dir, QUIET);
        assertThat(remade.mailgunSigningKey()).isNotEqualTo(first.mailgunSigningKey());
        assertThat(remade.sendgridPublicKey()).isEqualTo(first.sendgridPublicKey());
    }
}
