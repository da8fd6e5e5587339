package dev.revguard.job.tools.generate;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * SendGrid's Signed Event Webhook: base64 of the DER ECDSA P-256/SHA-256 signature over the bytes of
 * the {@code X-Twilio-Email-Event-Webhook-Timestamp} header followed by the raw body.
 */
public final class SendGridSignature {
    private SendGridSignature() {}

    public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

    public static String sign(PrivateKey key, String timestamp, byte[] body) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(timestamp.getBytes(StandardCharsets.UTF_8));
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a SendGrid batch", e);
        }
    }
}
