package dev.revguard.query.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * SendGrid's Signed Event Webhook: an ECDSA P-256 / SHA-256 signature (base64 of DER) over the
 * bytes of the timestamp header followed by the raw body, under the account's verification key.
 */
public final class SendGridVerifier {
    public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

    private final PublicKey key;

    public SendGridVerifier(PublicKey key) {
        this.key = key;
    }

    /** Refuses (401) a request whose signature is missing or does not verify. */
    public void verify(String signatureHeader, String timestampHeader, byte[] body) {
        if (signatureHeader == null || timestampHeader == null) {
            throw Refusal.unauthorized(Refusal.MISSING_SIGNATURE,
                    "the " + SIGNATURE_HEADER + " and " + TIMESTAMP_HEADER + " headers are required");
        }
        if (!valid(signatureHeader.trim(), timestampHeader, body)) {
            throw Refusal.unauthorized(Refusal.BAD_SIGNATURE, "the Event Webhook signature does not verify");
        }
    }

    boolean valid(String signatureBase64, String timestamp, byte[] body) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ecdsa.update(body);
            return ecdsa.verify(der);
        } catch (java.security.SignatureException e) {
            return false; // not a DER signature
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withECDSA is not available", e);
        }
    }

    /**
     * The key as SendGrid's settings page shows it: base64 of a DER SubjectPublicKeyInfo (a PEM
     * block with its header lines is taken too). Null when it is not an EC P-256 key.
     */
    public static PublicKey parsePublicKey(String text) {
        String b64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s+", "");
        try {
            PublicKey k = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
            if (k instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
                return k;
            }
            return null;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
