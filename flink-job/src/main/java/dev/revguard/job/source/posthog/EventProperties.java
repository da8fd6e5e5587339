package dev.revguard.job.source.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.RecordJson;

/**
 * An event's {@code properties} as an object. PostHog writes them as an object (the flat event,
 * the webhook body, batch exports) or as a JSON-encoded string ({@code clickhouse_events_json}
 * rows, some exports); either way the same object comes out.
 */
final class EventProperties {
    private EventProperties() {}

    static final String FIELD = "properties";

    /**
     * The properties object; an empty one when the event has none (so its fields read as absent);
     * an {@code invalid_field (properties)} dead letter when they are neither an object nor a
     * string holding one.
     */
    static RecordJson.Read of(JsonNode event, RecordJson json) {
        JsonNode p = event.get(FIELD);
        if (p == null || p.isNull()) {
            return new RecordJson.Read(JsonNodeFactory.instance.objectNode(), null);
        }
        if (p.isObject()) {
            return new RecordJson.Read(p, null);
        }
        if (!p.isTextual()) {
            return invalid();
        }
        RecordJson.Read embedded = json.readEmbedded(p.textValue(), Reasons.INVALID_FIELD, FIELD);
        // The detail names the field only, as for every invalid_field; the raw payload shows the rest.
        return embedded.ok() && embedded.node().isObject() ? embedded : invalid();
    }

    private static RecordJson.Read invalid() {
        return new RecordJson.Read(null, Parsed.deadLetter(Reasons.INVALID_FIELD, FIELD));
    }
}
