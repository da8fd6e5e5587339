package dev.revguard.job.source.posthog;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds the event in a record value, whichever shape PostHog delivered it in. The CDP "HTTP
 * Webhook" destination's default body wraps the event ({@code {"event": {...}, "person": ...}});
 * the flat event, the {@code clickhouse_events_json} row and the batch export row are the event.
 * One test tells them apart: an {@code event} that is an object.
 */
final class EventShapes {
    private EventShapes() {}

    /** The event a record value (a JSON object) holds. */
    static JsonNode eventOf(JsonNode value) {
        JsonNode wrapped = value.get("event");
        return wrapped != null && wrapped.isObject() ? wrapped : value;
    }
}
