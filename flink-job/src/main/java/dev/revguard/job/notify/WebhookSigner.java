package dev.revguard.job.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<webhook-id>.<webhook-timestamp>.<body>">}. A secret written {@code whsec_<base64>} is the
 * base64-decoded key, as the specification has it; any other secret is used as its UTF-8 bytes.
 */
public final class WebhookSigner {
    private final byte[] key;

    public WebhookSigner(String secret) {
        this.key = secret.startsWith("whsec_")
                ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The value of the {@code webhook-signature} header. */
    public String sign(String webhookId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((webhookId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether any of the space-separated signatures of a header matches (receivers' side). */
    public boolean verify(String webhookId, long timestampSeconds, String body, String signatureHeader) {
        String expected = sign(webhookId, timestampSeconds, body);
        for (String candidate : signatureHeader.split(" ")) {
            if (java.security.MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }
}
