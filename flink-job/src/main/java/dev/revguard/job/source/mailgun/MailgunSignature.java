package dev.revguard.job.source.mailgun;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's webhook signature: {@code signature.signature} is the hex HMAC-SHA256 of
 * {@code signature.timestamp} followed by {@code signature.token}, keyed with the webhook signing
 * key. The timestamp window and token reuse are the intake's to check, not the job's: a replay of
 * last month's records must verify the same.
 */
final class MailgunSignature {
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;

    MailgunSignature(String signingKey) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Null when the body's {@code signature} object verifies, else what is wrong with it. */
    String problem(JsonNode signature) {
        if (signature == null || !signature.isObject()) {
            return "no signature object";
        }
        String timestamp = signedValue(signature.get("timestamp"));
        String token = signedValue(signature.get("token"));
        JsonNode given = signature.get("signature");
        if (timestamp == null || token == null || given == null || !given.isTextual()) {
            return "signature.timestamp, signature.token or signature.signature missing";
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(given.textValue());
        } catch (IllegalArgumentException e) {
            return "signature.signature is not hex";
        }
        byte[] expected = mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8));
        // Constant time for equal lengths: the comparison must not tell a forger how much matched.
        return MessageDigest.isEqual(expected, claimed) ? null : "signature.signature does not match";
    }

    /** The text Mailgun signed: a string (it sends the timestamp as one), or digits of an integer. */
    private static String signedValue(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        return v.isIntegralNumber() ? v.asText() : null;
    }
}
