package dev.revguard.query.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PostHog's destinations: the bearer token {@code INGEST_POSTHOG_TOKEN} is always required; a
 * request that carries Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}: {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}) must also verify
 * under {@code INGEST_POSTHOG_SIGNING_SECRET}, within the timestamp tolerance.
 */
public final class PostHogVerifier {
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private final byte[] tokenDigest;
    private final SecretKeySpec signingKey;
    private final Clock clock;
    private final Duration tolerance;

    public PostHogVerifier(String token, byte[] signingSecret, Clock clock, Duration tolerance) {
        this.tokenDigest = sha256(token);
        this.signingKey = signingSecret == null ? null : new SecretKeySpec(signingSecret, "HmacSHA256");
        this.clock = clock;
        this.tolerance = tolerance;
    }

    public void verify(String authorization, String id, String timestamp, String signature, byte[] body) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Refusal.unauthorized(Refusal.MISSING_TOKEN, "Authorization: Bearer <INGEST_POSTHOG_TOKEN> is required");
        }
        // Comparing digests keeps the comparison constant-time whatever the lengths.
        if (!MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(7).trim()))) {
            throw Refusal.unauthorized(Refusal.BAD_TOKEN, "the bearer token is not valid");
        }
        if (id == null && timestamp == null && signature == null) {
            return;
        }
        if (signingKey == null) {
            return; // signed by PostHog, but no secret here to check it with: the token is what authenticates
        }
        if (id == null || timestamp == null || signature == null) {
            throw Refusal.unauthorized(Refusal.MISSING_SIGNATURE,
                    ID_HEADER + ", " + TIMESTAMP_HEADER + " and " + SIGNATURE_HEADER + " go together");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
        } catch (RuntimeException e) {
            throw Refusal.unauthorized(Refusal.STALE_TIMESTAMP, TIMESTAMP_HEADER + " is not Unix seconds");
        }
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(tolerance) > 0) {
            throw Refusal.unauthorized(Refusal.STALE_TIMESTAMP,
                    TIMESTAMP_HEADER + " is more than " + tolerance.toMinutes() + " minutes from now");
        }
        byte[] expected = sign(id, timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
        // The header may list several signatures (a secret being rotated): any v1 one that matches will do.
        for (String candidate : signature.trim().split(" +")) {
            if (candidate.startsWith("v1,")
                    && MessageDigest.isEqual(expected, candidate.substring(3).getBytes(StandardCharsets.UTF_8))) {
                return;
            }
        }
        throw Refusal.unauthorized(Refusal.BAD_SIGNATURE, SIGNATURE_HEADER + " does not verify");
    }

    /** The base64 HMAC-SHA256 of {@code id.timestamp.body}. */
    String sign(String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A Standard Webhooks secret: {@code whsec_} and base64 (the prefix may be left out); null when not base64. */
    public static byte[] parseSecret(String text) {
        String b64 = text.startsWith("whsec_") ? text.substring(6) : text;
        try {
            byte[] key = Base64.getDecoder().decode(b64);
            return key.length >= 16 ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
