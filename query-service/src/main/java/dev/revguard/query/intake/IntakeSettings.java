package dev.revguard.query.intake;

import dev.revguard.common.settings.Settings;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The webhook intake's settings. A provider's route answers 404 until its key is set
 * ({@code SENDGRID_WEBHOOK_PUBLIC_KEY}, {@code MAILGUN_WEBHOOK_SIGNING_KEY}, {@code SNS_TOPIC_ARNS},
 * {@code INGEST_POSTHOG_TOKEN}); Kafka is needed only once one is.
 *
 * @param snsCertHosts URL prefixes (besides {@code https://sns.<region>.amazonaws.com/}) that SNS
 *     certificates and subscription URLs may come from; for tests
 * @param posthogSigningSecret the decoded Standard Webhooks secret, or null
 */
public record IntakeSettings(
        String kafkaBootstrapServers,
        String providersTopic,
        String posthogTopic,
        long maxBodyBytes,
        Duration kafkaTimeout,
        PublicKey sendgridPublicKey,
        String mailgunSigningKey,
        Set<String> snsTopicArns,
        List<URI> snsCertHosts,
        boolean snsAutoConfirm,
        String posthogToken,
        byte[] posthogSigningSecret) {

    /** SPEC: one event over 1 MiB (Kafka's default largest record) is refused with 413. */
    public static final int MAX_EVENT_BYTES = 1024 * 1024;
    /** How far a signed timestamp (Mailgun, Standard Webhooks) may be from now. */
    public static final Duration TIMESTAMP_TOLERANCE = Duration.ofMinutes(5);
    public static final long DEFAULT_MAX_BODY_BYTES = 5L * 1024 * 1024;
    public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(5);

    public static IntakeSettings read(Settings s) {
        String providersTopic = s.string("KAFKA_TOPIC_PROVIDERS", "provider-events");
        String posthogTopic = s.string("KAFKA_TOPIC_POSTHOG", "posthog-events");
        long maxBody = s.longValue("INGEST_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, MAX_EVENT_BYTES);
        Duration timeout = s.duration("INGEST_KAFKA_TIMEOUT", DEFAULT_KAFKA_TIMEOUT, Duration.ofMillis(500));
        if (timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            s.problem("INGEST_KAFKA_TIMEOUT=" + Settings.format(timeout)
                    + ": at most 1m (senders give up on slow receivers; PostHog waits 10s)");
        }
        PublicKey sendgrid = s.parsed("SENDGRID_WEBHOOK_PUBLIC_KEY", null,
                "expected the Signed Event Webhook's verification key as SendGrid shows it "
                        + "(base64 of an ECDSA P-256 public key, MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...)",
                SendGridVerifier::parsePublicKey);
        String mailgun = s.raw("MAILGUN_WEBHOOK_SIGNING_KEY");
        Set<String> arns = new LinkedHashSet<>();
        for (String arn : list(s.raw("SNS_TOPIC_ARNS"))) {
            if (arn.matches("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}")) {
                arns.add(arn);
            } else {
                s.problem("SNS_TOPIC_ARNS: '" + arn + "' is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)");
            }
        }
        List<URI> certHosts = new ArrayList<>();
        for (String prefix : list(s.raw("SNS_CERT_HOSTS"))) {
            URI u = SnsUrls.prefix(prefix);
            if (u == null) {
                s.problem("SNS_CERT_HOSTS: '" + prefix + "' is not an http(s) URL prefix such as http://127.0.0.1:8089/");
            } else {
                certHosts.add(u);
            }
        }
        boolean autoConfirm = s.bool("SNS_AUTO_CONFIRM", false);
        String posthogToken = s.raw("INGEST_POSTHOG_TOKEN");
        if (posthogToken != null && posthogToken.length() < 16) {
            s.problem("INGEST_POSTHOG_TOKEN: at least 16 characters (a random secret that PostHog sends as a bearer token)");
        }
        // Not Settings.parsed: its message would print the secret.
        String rawSecret = s.raw("INGEST_POSTHOG_SIGNING_SECRET");
        byte[] signingSecret = rawSecret == null ? null : PostHogVerifier.parseSecret(rawSecret);
        if (rawSecret != null && signingSecret == null) {
            s.problem("INGEST_POSTHOG_SIGNING_SECRET: expected a Standard Webhooks secret (whsec_ followed by base64 of at least 16 bytes)");
        }
        if (signingSecret != null && posthogToken == null) {
            s.problem("INGEST_POSTHOG_SIGNING_SECRET: set INGEST_POSTHOG_TOKEN too (the bearer token is always required)");
        }
        boolean anyProvider = sendgrid != null || mailgun != null || !arns.isEmpty() || posthogToken != null;
        String bootstrap = anyProvider
                ? s.required("KAFKA_BOOTSTRAP_SERVERS", "the Kafka brokers the webhook intake writes to (host:port,...)")
                : s.raw("KAFKA_BOOTSTRAP_SERVERS");
        return new IntakeSettings(bootstrap, providersTopic, posthogTopic, maxBody, timeout, sendgrid, mailgun,
                Set.copyOf(arns), List.copyOf(certHosts), autoConfirm, posthogToken, signingSecret);
    }

    private static List<String> list(String raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String part : raw.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    public boolean sendgridConfigured() {
        return sendgridPublicKey != null;
    }

    public boolean mailgunConfigured() {
        return mailgunSigningKey != null;
    }

    public boolean sesConfigured() {
        return !snsTopicArns.isEmpty();
    }

    public boolean posthogConfigured() {
        return posthogToken != null;
    }

    public boolean anyConfigured() {
        return sendgridConfigured() || mailgunConfigured() || sesConfigured() || posthogConfigured();
    }

    /** The settings for the start-up log, secrets masked. */
    public void describeInto(Map<String, String> m) {
        m.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers == null ? "(none)" : kafkaBootstrapServers);
        m.put("KAFKA_TOPIC_PROVIDERS", providersTopic);
        m.put("KAFKA_TOPIC_POSTHOG", posthogTopic);
        m.put("INGEST_MAX_BODY_BYTES", String.valueOf(maxBodyBytes));
        m.put("INGEST_KAFKA_TIMEOUT", Settings.format(kafkaTimeout));
        // A public key is no secret, but its fingerprint is all an operator needs to compare.
        m.put("SENDGRID_WEBHOOK_PUBLIC_KEY", sendgridPublicKey == null ? "(none: /ingest/v1/sendgrid answers 404)"
                : "EC P-256 …" + tail(Base64.getEncoder().encodeToString(sendgridPublicKey.getEncoded())));
        m.put("MAILGUN_WEBHOOK_SIGNING_KEY", mailgunSigningKey == null ? "(none: /ingest/v1/mailgun answers 404)" : "****");
        m.put("SNS_TOPIC_ARNS", snsTopicArns.isEmpty() ? "(none: /ingest/v1/ses answers 404)" : String.join(",", snsTopicArns));
        m.put("SNS_CERT_HOSTS", snsCertHosts.isEmpty() ? "(none: https://sns.<region>.amazonaws.com/ only)"
                : String.join(",", snsCertHosts.stream().map(URI::toString).toList()));
        m.put("SNS_AUTO_CONFIRM", String.valueOf(snsAutoConfirm));
        m.put("INGEST_POSTHOG_TOKEN", posthogToken == null ? "(none: /ingest/v1/posthog answers 404)" : "****");
        m.put("INGEST_POSTHOG_SIGNING_SECRET", posthogSigningSecret == null ? "(none)" : "****");
    }

    private static String tail(String s) {
        return s.length() <= 8 ? s : s.substring(s.length() - 8);
    }

    /** Never prints the secrets (a record's default would). */
    @Override
    public String toString() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        describeInto(m);
        return "IntakeSettings" + m;
    }
}
