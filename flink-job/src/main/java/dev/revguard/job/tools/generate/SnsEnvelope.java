package dev.revguard.job.tools.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Amazon SNS HTTP {@code Notification} messages, signed as SNS signs them with SignatureVersion 2:
 * SHA256withRSA over the lines Message, MessageId, Subject (when present), Timestamp, TopicArn and
 * Type, each name, newline, value, newline; the certificate is the one at {@code SigningCertURL}.
 */
public final class SnsEnvelope {
    public static final String SUBJECT = "Amazon SES Email Event Notification";

    private final PrivateKey key;
    private final String certUrl;
    private final String topicArn;

    public SnsEnvelope(PrivateKey key, String certUrl, String topicArn) {
        this.key = key;
        this.certUrl = certUrl;
        this.topicArn = topicArn;
    }

    public String topicArn() {
        return topicArn;
    }

    /** A signed envelope delivering {@code message} (the SES notification JSON) under {@code messageId}. */
    public ObjectNode notification(String messageId, String message, String timestamp) {
        ObjectNode e = Json.object();
        e.put("Type", "Notification");
        e.put("MessageId", messageId);
        e.put("TopicArn", topicArn);
        e.put("Subject", SUBJECT);
        e.put("Message", message);
        e.put("Timestamp", timestamp);
        e.put("SignatureVersion", "2");
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(stringToSign(e).getBytes(StandardCharsets.UTF_8));
            e.put("Signature", Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot sign an SNS message", ex);
        }
        e.put("SigningCertURL", certUrl);
        String base = certUrl.substring(0, certUrl.indexOf('/', certUrl.indexOf("//") + 2) + 1);
        e.put("UnsubscribeURL", base + "?Action=Unsubscribe&SubscriptionArn=" + topicArn + ":" + messageId.substring(0, 8));
        return e;
    }

    /** The string SNS signs for a Notification (SignatureVersion 1 and 2 alike). */
    public static String stringToSign(JsonNode envelope) {
        StringBuilder s = new StringBuilder();
        for (String name : new String[] {"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"}) {
            JsonNode v = envelope.get(name);
            if (v == null || v.isNull()) {
                continue;
            }
            s.append(name).append('\n').append(v.asText()).append('\n');
        }
        return s.toString();
    }
}
