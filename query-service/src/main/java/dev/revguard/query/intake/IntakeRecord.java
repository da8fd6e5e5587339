package dev.revguard.query.intake;

/** One Kafka record the intake writes: key {@code <provider>:<event id>} (or just the provider), the event's bytes. */
public record IntakeRecord(String key, byte[] value) {
    static IntakeRecord of(String provider, String eventId, byte[] value) {
        return new IntakeRecord(eventId == null ? provider : provider + ":" + eventId, value);
    }
}
