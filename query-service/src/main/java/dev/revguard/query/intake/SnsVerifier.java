package dev.revguard.query.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Amazon SNS message signatures as SNS documents them: the canonical string of the message's
 * fields (each name, a newline, its value, a newline, in a fixed order per type) signed with
 * SHA1withRSA (SignatureVersion 1) or SHA256withRSA (2) by the certificate at {@code SigningCertURL};
 * and the topic must be one of {@code SNS_TOPIC_ARNS}.
 */
public final class SnsVerifier {
    public static final String NOTIFICATION = "Notification";
    public static final String SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation";
    public static final String UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation";

    private static final List<String> NOTIFICATION_FIELDS = List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type");
    private static final List<String> CONFIRMATION_FIELDS =
            List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");

    private final Set<String> topicArns;
    private final SnsCertificates certificates;

    public SnsVerifier(Set<String> topicArns, SnsCertificates certificates) {
        this.topicArns = Set.copyOf(topicArns);
        this.certificates = certificates;
    }

    /** Refuses a message that is not a verified SNS message of a configured topic; returns its {@code Type}. */
    public String verify(JsonNode message) {
        String type = text(message, "Type");
        if (!message.isObject() || type == null) {
            throw Refusal.unauthorized(Refusal.MISSING_SIGNATURE, "not an Amazon SNS message (no Type)");
        }
        String topic = text(message, "TopicArn");
        if (topic == null || !topicArns.contains(topic)) {
            throw Refusal.forbidden(Refusal.UNKNOWN_TOPIC, "TopicArn is not one of SNS_TOPIC_ARNS");
        }
        String canonical = canonical(message, type);
        String algorithm = switch (String.valueOf(text(message, "SignatureVersion"))) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default -> null;
        };
        String signature = text(message, "Signature");
        if (canonical == null || algorithm == null || signature == null) {
            throw Refusal.unauthorized(Refusal.MISSING_SIGNATURE,
                    "an SNS message needs its signed fields, SignatureVersion 1 or 2, Signature and SigningCertURL");
        }
        X509Certificate cert = certificates.get(text(message, "SigningCertURL"));
        if (!valid(algorithm, cert, canonical, signature)) {
            throw Refusal.unauthorized(Refusal.BAD_SIGNATURE, "the SNS signature does not verify");
        }
        return type;
    }

    /** The string SNS signs for this message type, or null when a required field is missing. */
    static String canonical(JsonNode message, String type) {
        List<String> fields;
        if (NOTIFICATION.equals(type)) {
            fields = NOTIFICATION_FIELDS;
        } else if (SUBSCRIPTION_CONFIRMATION.equals(type) || UNSUBSCRIBE_CONFIRMATION.equals(type)) {
            fields = CONFIRMATION_FIELDS;
        } else {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String f : fields) {
            String v = text(message, f);
            if (v == null) {
                if ("Subject".equals(f)) {
                    continue; // signed only when present
                }
                return null;
            }
            b.append(f).append('\n').append(v).append('\n');
        }
        return b.toString();
    }

    private static boolean valid(String algorithm, X509Certificate cert, String canonical, String signatureBase64) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(cert.getPublicKey());
            s.update(canonical.getBytes(StandardCharsets.UTF_8));
            return s.verify(sig);
        } catch (SignatureException | java.security.InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    static String text(JsonNode message, String field) {
        JsonNode n = message.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
