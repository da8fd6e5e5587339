package dev.revguard.job.source.mailgun;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.MessageIds;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.RecordJson;
import dev.revguard.job.source.RequiredFields;
import dev.revguard.job.source.SourceParser;
import dev.revguard.job.source.Sources;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A whole Mailgun webhook body, {@code {"signature": {...}, "event-data": {...}}}. With a signing
 * key it also checks the body's HMAC, for bodies that reached Kafka other than through the intake;
 * without one it checks nothing (the intake did).
 */
public final class MailgunParser implements SourceParser {

    private static final String EVENT_DATA = "event-data";
    private static final String FAILED = "failed";

    private static final Map<String, Outcome> OUTCOMES = Map.of(
            "accepted", Outcome.SENT,
            "delivered", Outcome.DELIVERED,
            "rejected", Outcome.DROPPED,
            "complained", Outcome.SPAM_COMPLAINT);

    /** Documented events that say nothing about delivery. */
    private static final Set<String> NO_OUTCOME = Set.of("opened", "clicked", "unsubscribed", "stored",
            "list_member_uploaded", "list_member_upload_error", "list_uploaded");

    private final RecordJson json = new RecordJson();
    private final MailgunSignature signature;

    /** @param signingKeyOrNull the webhook signing key; null or blank: signatures are not checked */
    public MailgunParser(String signingKeyOrNull) {
        this.signature = signingKeyOrNull == null || signingKeyOrNull.isBlank()
                ? null : new MailgunSignature(signingKeyOrNull);
    }

    @Override
    public Parsed parse(byte[] value) {
        RecordJson.Read read = json.read(value);
        if (!read.ok()) {
            return read.deadLetter();
        }
        JsonNode body = read.node();
        if (!body.isObject()) {
            return Parsed.deadLetter(Reasons.UNSUPPORTED_FORMAT, "not a JSON object");
        }
        if (!body.has(EVENT_DATA)) {
            return Parsed.deadLetter(Reasons.UNSUPPORTED_FORMAT,
                    "no event-data: the legacy webhook form (fields at the top level) is not supported");
        }
        if (signature != null) {
            String problem = signature.problem(body.get("signature"));
            if (problem != null) {
                return Parsed.deadLetter(Reasons.BAD_SIGNATURE, problem);
            }
        }
        JsonNode data = body.get(EVENT_DATA);
        if (!data.isObject()) {
            return Parsed.deadLetter(Reasons.INVALID_FIELD, EVENT_DATA);
        }

        RequiredFields required = new RequiredFields();
        String event = required.text(data.get("event"), "event-data.event");
        if (event == null) {
            return required.deadLetter();
        }
        if (NO_OUTCOME.contains(event)) {
            return Parsed.ignored(event);
        }
        if (!OUTCOMES.containsKey(event) && !FAILED.equals(event)) {
            return Parsed.deadLetter(Reasons.UNKNOWN_EVENT_TYPE, RecordJson.abbreviate(event));
        }

        JsonNode id = data.get("id");
        if (id != null && !id.isNull() && !id.isTextual()) {
            required.invalid("event-data.id");
        }
        String eventId = RecordJson.text(data, "id");
        if (eventId == null && required.ok()) {
            return Parsed.deadLetter(Reasons.MISSING_EVENT_ID, "event-data.id");
        }
        long timestamp = required.epochSeconds(data.get("timestamp"), "event-data.timestamp");
        String recipient = required.address(data.get("recipient"), "event-data.recipient");
        Outcome outcome = FAILED.equals(event) ? failureOutcome(data, required) : OUTCOMES.get(event);
        if (!required.ok()) {
            return required.deadLetter();
        }

        JsonNode envelope = data.get("envelope");
        String recipientDomain = lowerCase(text(data, "recipient-domain"));
        String sendingDomain = lowerCase(text(data.get("domain"), "name"));
        return Parsed.event(new DeliveryEvent(
                eventId.strip(),
                timestamp,
                outcome,
                text(data.get("account"), "id"),
                sendingDomain != null ? sendingDomain : RecordJson.domainOf(text(envelope, "sender")),
                text(envelope, "sending-ip"),
                Sources.MAILGUN,
                recipientDomain != null ? recipientDomain : RecordJson.domainOf(recipient),
                Sources.MAILGUN,
                MessageIds.normalise(text(path(data, "message", "headers"), "message-id"))));
    }

    /** {@code failed} is a bounce when Mailgun has given up ({@code permanent}), else a temporary failure. */
    private static Outcome failureOutcome(JsonNode data, RequiredFields required) {
        String severity = RecordJson.text(data, "severity");
        if ("permanent".equals(severity)) {
            return Outcome.BOUNCED;
        }
        if ("temporary".equals(severity)) {
            return Outcome.SOFT_BOUNCED;
        }
        required.invalid("event-data.severity");
        return null;
    }

    private static JsonNode path(JsonNode node, String first, String second) {
        JsonNode a = node.get(first);
        return a == null ? null : a.get(second);
    }

    /** A string field of an object that may be absent or not an object; stripped, null for none. */
    private static String text(JsonNode node, String field) {
        String v = node == null || !node.isObject() ? null : RecordJson.text(node, field);
        return v == null ? null : v.strip();
    }

    private static String lowerCase(String domain) {
        return domain == null ? null : domain.toLowerCase(Locale.ROOT);
    }
}
