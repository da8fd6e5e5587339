package dev.revguard.job.source;

import java.util.List;

/**
 * What one record value gave: delivery outcomes to count (one or more: an SES notification gives
 * one per recipient), a strategic decision to store, a documented event that carries neither
 * (ignored and counted), or a dead letter with one of the {@link Reasons} and a detail for people.
 *
 * @param decision the decision of a {@link Kind#DECISION}, else null
 * @param detail for a dead letter what exactly was wrong ({@code "timestamp, email"}); for an
 *     ignored record its event type
 */
public record Parsed(Kind kind, List<DeliveryEvent> events, Decision decision, String reason, String detail) {

    public enum Kind { EVENTS, DECISION, IGNORED, DEAD_LETTER }

    /** The event; an {@code invalid_field} dead letter when the tables cannot hold its text ({@link StorableText}). */
    public static Parsed event(DeliveryEvent e) {
        return events(List.of(e));
    }

    /** The events; an {@code invalid_field} dead letter when the tables cannot hold the text of one ({@link StorableText}). */
    public static Parsed events(List<DeliveryEvent> events) {
        for (DeliveryEvent e : events) {
            List<String> bad = StorableText.faults(e);
            if (!bad.isEmpty()) {
                return deadLetter(Reasons.INVALID_FIELD, String.join(", ", bad) + ": not storable (a NUL character, or over "
                        + StorableText.MAX_KEY_BYTES + " bytes)");
            }
        }
        return new Parsed(Kind.EVENTS, List.copyOf(events), null, null, null);
    }

    /** The decision; an {@code invalid_field} dead letter when the tables cannot hold its text ({@link StorableText}). */
    public static Parsed decision(Decision d) {
        List<String> bad = StorableText.faults(d);
        if (!bad.isEmpty()) {
            return deadLetter(Reasons.INVALID_FIELD, String.join(", ", bad) + ": not storable (a NUL character, or over "
                    + StorableText.MAX_KEY_BYTES + " bytes)");
        }
        return new Parsed(Kind.DECISION, List.of(), d, null, null);
    }

    public static Parsed ignored(String eventType) {
        return new Parsed(Kind.IGNORED, List.of(), null, null, eventType);
    }

    public static Parsed deadLetter(String reason, String detail) {
        if (!Reasons.ALL.contains(reason)) {
            throw new IllegalArgumentException("not a dead-letter reason: " + reason);
        }
        return new Parsed(Kind.DEAD_LETTER, List.of(), null, reason, detail);
    }
}
