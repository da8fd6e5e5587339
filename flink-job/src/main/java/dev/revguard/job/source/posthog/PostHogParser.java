package dev.revguard.job.source.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.MessageIds;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.RecordJson;
import dev.revguard.job.source.SourceParser;
import dev.revguard.job.source.Sources;
import dev.revguard.job.source.Timestamps;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses one {@code posthog-events} record value: a flat event, a CDP webhook body, a
 * {@code clickhouse_events_json} row or a batch export row (see {@link EventShapes}).
 *
 * <p>An {@code email_deliverability_event} whose {@code properties.status} is one of the seven
 * outcomes is one {@link DeliveryEvent}; a {@code strategic_decision_event} is one
 * {@link dev.revguard.job.source.Decision} (its fields checked by {@link DecisionEvents}); an
 * engagement status ({@code opened}, ...) and every other event name are ignored. The checks run
 * in this order, so a record with several defects gets the first one's reason: {@code event},
 * {@code properties}, {@code status} (of a deliverability event), {@code uuid}, {@code timestamp},
 * then the dimensions or the decision's fields. So required fields apply only to events revguard
 * uses. A field that is absent, JSON {@code null} or a blank string is missing.
 */
public final class PostHogParser implements SourceParser {

    static final String DELIVERABILITY_EVENT = "email_deliverability_event";

    /** The dimension properties, in {@link DeliveryEvent}'s order, then the provider message id. */
    private static final String[] DIMENSIONS = {
        "account_id", "sending_domain", "sending_ip", "provider", "recipient_domain", "message_id"
    };

    private final RecordJson json = new RecordJson();

    @Override
    public Parsed parse(byte[] value) {
        RecordJson.Read read = json.read(value);
        if (!read.ok()) {
            return read.deadLetter();
        }
        JsonNode root = read.node();
        if (!root.isObject()) {
            return Parsed.deadLetter(Reasons.UNSUPPORTED_FORMAT,
                    "a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object");
        }
        JsonNode event = EventShapes.eventOf(root);

        JsonNode name = event.get("event");
        if (missing(name)) {
            return Parsed.deadLetter(Reasons.MISSING_FIELD, "event");
        }
        if (!name.isTextual()) {
            return Parsed.deadLetter(Reasons.INVALID_FIELD, "event");
        }
        boolean decision = DecisionEvents.EVENT.equals(name.textValue());
        if (!decision && !DELIVERABILITY_EVENT.equals(name.textValue())) {
            return Parsed.ignored(RecordJson.abbreviate(name.textValue()));
        }

        RecordJson.Read properties = EventProperties.of(event, json);
        if (!properties.ok()) {
            return properties.deadLetter();
        }
        JsonNode props = properties.node();
        if (decision) {
            return decision(event, props);
        }
        JsonNode status = props.get("status");
        if (missing(status)) {
            return Parsed.deadLetter(Reasons.MISSING_FIELD, "status");
        }
        if (!status.isTextual()) {
            return Parsed.deadLetter(Reasons.INVALID_FIELD, "status");
        }
        Outcome outcome = Outcome.fromStatus(status.textValue());
        if (outcome == null) {
            return notAnOutcome(status.textValue());
        }

        IdAndTime idAndTime = IdAndTime.of(event);
        if (idAndTime.deadLetter() != null) {
            return idAndTime.deadLetter();
        }
        String eventId = idAndTime.id();
        long time = idAndTime.time();

        String[] dims = new String[DIMENSIONS.length];
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < DIMENSIONS.length; i++) {
            JsonNode v = props.get(DIMENSIONS[i]);
            if (missing(v)) {
                dims[i] = null;
            } else if (v.isTextual()) {
                dims[i] = v.textValue();
            } else if (v.isNumber()) {
                // Account ids in particular are often numbers in the sender's own code.
                dims[i] = v.asText();
            } else {
                invalid.add(DIMENSIONS[i]);
            }
        }
        if (!invalid.isEmpty()) {
            return Parsed.deadLetter(Reasons.INVALID_FIELD, String.join(", ", invalid));
        }
        return Parsed.event(new DeliveryEvent(eventId, time, outcome,
                dims[0], dims[1], dims[2], dims[3], dims[4], Sources.POSTHOG, MessageIds.normalise(dims[5])));
    }

    private static Parsed decision(JsonNode event, JsonNode props) {
        IdAndTime idAndTime = IdAndTime.of(event);
        return idAndTime.deadLetter() != null ? idAndTime.deadLetter()
                : DecisionEvents.parse(props, idAndTime.id(), idAndTime.time());
    }

    /** The event's {@code uuid} and event time, or the dead letter of the first of them missing or malformed. */
    private record IdAndTime(String id, long time, Parsed deadLetter) {
        static IdAndTime of(JsonNode event) {
            JsonNode uuid = event.get("uuid");
            if (missing(uuid)) {
                return bad(Parsed.deadLetter(Reasons.MISSING_EVENT_ID, "uuid"));
            }
            if (!uuid.isTextual()) {
                return bad(Parsed.deadLetter(Reasons.INVALID_FIELD, "uuid"));
            }
            JsonNode timestamp = event.get("timestamp");
            if (missing(timestamp)) {
                return bad(Parsed.deadLetter(Reasons.MISSING_FIELD, "timestamp"));
            }
            if (!timestamp.isTextual()) {
                return bad(Parsed.deadLetter(Reasons.BAD_TIMESTAMP, "a JSON " + timestamp.getNodeType().name()
                        .toLowerCase(Locale.ROOT) + ", not a string"));
            }
            try {
                return new IdAndTime(uuid.textValue(), Timestamps.parse(timestamp.textValue()), null);
            } catch (DateTimeException e) {
                return bad(Parsed.deadLetter(Reasons.BAD_TIMESTAMP, RecordJson.abbreviate(timestamp.textValue())));
            }
        }

        private static IdAndTime bad(Parsed deadLetter) {
            return new IdAndTime(null, 0, deadLetter);
        }
    }

    /** An engagement status is ignored (detail {@code email_deliverability_event:opened}); any other a dead letter. */
    private static Parsed notAnOutcome(String status) {
        return Outcome.ENGAGEMENT_STATUSES.contains(status.toLowerCase(Locale.ROOT))
                ? Parsed.ignored(DELIVERABILITY_EVENT + ":" + status.toLowerCase(Locale.ROOT))
                : Parsed.deadLetter(Reasons.UNKNOWN_STATUS, RecordJson.abbreviate(status));
    }

    private static boolean missing(JsonNode v) {
        return v == null || v.isNull() || v.isTextual() && v.textValue().isBlank();
    }
}
