package dev.revguard.job.source.sendgrid;

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
 * One element of a SendGrid Event Webhook array (the intake splits the POSTed array into
 * records). Account and sending domain come from the custom arguments {@code account_id} and
 * {@code sending_domain}, which SendGrid puts at the top level of every event of a message.
 */
public final class SendGridParser implements SourceParser {

    private static final Map<String, Outcome> OUTCOMES = Map.of(
            "processed", Outcome.SENT,
            "delivered", Outcome.DELIVERED,
            "deferred", Outcome.DEFERRED,
            "dropped", Outcome.DROPPED,
            "spamreport", Outcome.SPAM_COMPLAINT);
    private static final String BOUNCE = "bounce";

    /** Documented events that say nothing about delivery. */
    private static final Set<String> NO_OUTCOME = Set.of(
            "open", "click", "unsubscribe", "group_unsubscribe", "group_resubscribe", "account_status_change");

    /** The events whose {@code ip} is SendGrid's sending server; on opens and clicks it is the recipient's. */
    private static final Set<String> SENDING_IP_EVENTS = Set.of("delivered", "deferred", BOUNCE);

    private final RecordJson json = new RecordJson();

    @Override
    public Parsed parse(byte[] value) {
        RecordJson.Read read = json.read(value);
        if (!read.ok()) {
            return read.deadLetter();
        }
        JsonNode e = read.node();
        if (!e.isObject()) {
            return Parsed.deadLetter(Reasons.UNSUPPORTED_FORMAT, e.isArray()
                    ? "a JSON array: a record is one element of the Event Webhook array"
                    : "not a JSON object");
        }
        RequiredFields required = new RequiredFields();
        String event = required.text(e.get("event"), "event");
        if (event == null) {
            return required.deadLetter();
        }
        if (NO_OUTCOME.contains(event)) {
            return Parsed.ignored(event);
        }
        if (!OUTCOMES.containsKey(event) && !BOUNCE.equals(event)) {
            return Parsed.deadLetter(Reasons.UNKNOWN_EVENT_TYPE, RecordJson.abbreviate(event));
        }

        JsonNode id = e.get("sg_event_id");
        if (id != null && !id.isNull() && !id.isTextual()) {
            required.invalid("sg_event_id");
        }
        String eventId = RecordJson.text(e, "sg_event_id");
        if (eventId == null && required.ok()) {
            return Parsed.deadLetter(Reasons.MISSING_EVENT_ID, "sg_event_id");
        }
        long timestamp = required.epochSeconds(e.get("timestamp"), "timestamp");
        String email = required.address(e.get("email"), "email");
        Outcome outcome = BOUNCE.equals(event) ? bounceOutcome(e, required) : OUTCOMES.get(event);
        if (!required.ok()) {
            return required.deadLetter();
        }

        return Parsed.event(new DeliveryEvent(
                eventId.strip(),
                timestamp,
                outcome,
                dimension(e, "account_id"),
                lowerCase(dimension(e, "sending_domain")),
                SENDING_IP_EVENTS.contains(event) ? dimension(e, "ip") : null,
                Sources.SENDGRID,
                RecordJson.domainOf(email),
                Sources.SENDGRID,
                messageId(e)));
    }

    /** {@code type} {@code bounce} (or none) is a hard bounce; {@code blocked} a block, which may pass. */
    private static Outcome bounceOutcome(JsonNode e, RequiredFields required) {
        JsonNode type = e.get("type");
        if (type == null || type.isNull() || (type.isTextual() && type.textValue().equals(BOUNCE))) {
            return Outcome.BOUNCED;
        }
        if (type.isTextual() && type.textValue().equals("blocked")) {
            return Outcome.SOFT_BOUNCED;
        }
        required.invalid("type");
        return null;
    }

    /**
     * {@code sg_message_id} is the message id (the {@code X-Message-Id} response header) followed by
     * a dot and a per-recipient suffix; null or absent on asynchronous bounces.
     */
    private static String messageId(JsonNode e) {
        String id = RecordJson.text(e, "sg_message_id");
        if (id == null) {
            return null;
        }
        int dot = id.indexOf('.');
        return MessageIds.normalise(dot < 0 ? id : id.substring(0, dot));
    }

    private static String dimension(JsonNode e, String field) {
        String v = RecordJson.text(e, field);
        return v == null ? null : v.strip();
    }

    private static String lowerCase(String domain) {
        return domain == null ? null : domain.toLowerCase(Locale.ROOT);
    }
}
