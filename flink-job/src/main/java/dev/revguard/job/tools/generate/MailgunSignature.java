package dev.revguard.job.tools.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mailgun's webhook signature: hex HMAC-SHA256 of timestamp + token under the webhook signing key. */
public final class MailgunSignature {
    private MailgunSignature() {}

    public static String hmac(String signingKey, String timestamp, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The body's {@code signature} object, in Mailgun's field order. */
    public static ObjectNode block(String signingKey, String timestamp, String token) {
        ObjectNode s = Json.object();
        s.put("token", token);
        s.put("timestamp", timestamp);
        s.put("signature", hmac(signingKey, timestamp, token));
        return s;
    }
}
