package dev.revguard.job.ingest;

import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.Outcome;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses one PostHog event as PostHog exports it. {@code properties} may be an object or a
 * JSON-encoded string; unknown fields are ignored.
 */
public final class PostHogParser {

    public static final String DELIVERABILITY_EVENT = "email_deliverability_event";

    private static final String[] DIMENSION_FIELDS = {
        "account_id", "sending_domain", "sending_ip", "provider", "recipient_domain"
    };

    private final ObjectMapper mapper = new ObjectMapper();

    public ParseResult parse(byte[] value) {
        if (value == null || value.length == 0) {
            return ParseResult.invalid("empty record");
        }
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (IOException e) {
            return ParseResult.invalid("malformed json: " + firstLine(e));
        }
        if (root == null || !root.isObject()) {
            return ParseResult.invalid("malformed json: not an object");
        }
        String event = text(root, "event");
        if (event == null) {
            return ParseResult.invalid("missing field: event");
        }
        if (!DELIVERABILITY_EVENT.equals(event)) {
            return ParseResult.IGNORED_EVENT;
        }
        String uuid = text(root, "uuid");
        if (uuid == null) {
            return ParseResult.invalid("missing field: uuid");
        }
        String ts = text(root, "timestamp");
        if (ts == null) {
            return ParseResult.invalid("missing field: timestamp");
        }
        long timestamp;
        try {
            timestamp = parseTimestamp(ts);
        } catch (DateTimeParseException e) {
            return ParseResult.invalid("invalid timestamp: " + abbreviate(ts));
        }
        JsonNode props = root.get("properties");
        if (props != null && props.isTextual()) {
            try {
                props = mapper.readTree(props.textValue());
            } catch (JsonProcessingException e) {
                return ParseResult.invalid("malformed json in properties: " + firstLine(e));
            }
        }
        if (props == null || !props.isObject()) {
            return ParseResult.invalid("missing field: properties");
        }
        String status = text(props, "status");
        if (status == null) {
            return ParseResult.invalid("missing field: properties.status");
        }
        Outcome outcome = Outcome.fromStatus(status);
        if (outcome == null) {
            if (Outcome.ENGAGEMENT_STATUSES.contains(status)) {
                return ParseResult.IGNORED_STATUS;
            }
            return ParseResult.invalid("unknown status: " + abbreviate(status));
        }
        String[] dims = new String[DIMENSION_FIELDS.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = text(props, DIMENSION_FIELDS[i]);
            if (dims[i] == null) {
                return ParseResult.invalid("missing field: properties." + DIMENSION_FIELDS[i]);
            }
        }
        return ParseResult.event(new DeliveryEvent(
                uuid, timestamp, outcome, dims[0], dims[1], dims[2], dims[3], dims[4], dev.revguard.job.source.Sources.POSTHOG, null));
    }

    /** ISO-8601 with an offset or {@code Z}; PostHog's space-separated form is accepted too. */
    static long parseTimestamp(String ts) {
        String iso = ts.length() > 10 && ts.charAt(10) == ' '
                ? ts.substring(0, 10) + 'T' + ts.substring(11)
                : ts;
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }

    /** A non-blank text or number value, or null. */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return abbreviate(nl < 0 ? m : m.substring(0, nl));
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
