package dev.revguard.query.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's webhook signature: {@code signature.signature} is the hex HMAC-SHA256 of
 * {@code signature.timestamp} + {@code signature.token} under the webhook signing key, and the
 * timestamp is within {@link IntakeSettings#TIMESTAMP_TOLERANCE} of now. Whether the token was seen
 * before is {@link SeenTokens}'s to say.
 */
public final class MailgunVerifier {
    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration tolerance;

    public MailgunVerifier(String signingKey, Clock clock, Duration tolerance) {
        this.key = new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /** The verified token; refuses (401) a body whose signature is missing, wrong or stale. */
    public String verify(JsonNode body) {
        JsonNode sig = body.path("signature");
        // The legacy form carried the three fields at the top level; the job dead-letters such a body,
        // but a genuine one is still Mailgun's to store.
        JsonNode holder = sig.isObject() ? sig : body;
        String timestamp = text(holder.get("timestamp"));
        String token = text(holder.get("token"));
        String signature = text(holder.get("signature"));
        if (timestamp == null || token == null || signature == null) {
            throw Refusal.unauthorized(Refusal.MISSING_SIGNATURE,
                    "signature.timestamp, signature.token and signature.signature are required");
        }
        if (!MessageDigest.isEqual(hmacHex(timestamp + token).getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8))) {
            throw Refusal.unauthorized(Refusal.BAD_SIGNATURE, "signature.signature does not match the signing key");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (RuntimeException e) {
            throw Refusal.unauthorized(Refusal.STALE_TIMESTAMP, "signature.timestamp is not Unix seconds");
        }
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(tolerance) > 0) {
            throw Refusal.unauthorized(Refusal.STALE_TIMESTAMP,
                    "signature.timestamp is more than " + tolerance.toMinutes() + " minutes from now");
        }
        return token;
    }

    String hmacHex(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String text(JsonNode n) {
        if (n == null || !(n.isTextual() || n.isNumber())) {
            return null;
        }
        String s = n.asText();
        return s.isEmpty() ? null : s;
    }
}
