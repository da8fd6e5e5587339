package dev.revguard.job.ingest;

import dev.revguard.job.source.Reasons;
import java.nio.charset.StandardCharsets;

/**
 * A record the job could not count, with where it came from and why.
 *
 * @param source the source it came from ({@code posthog}, {@code sendgrid}, ...), null when the
 *     record named none
 * @param reason one of {@link Reasons}
 * @param detail what exactly was wrong, for people; null when the reason says it all
 * @param payload the raw record value as text, cut at the configured size
 * @param payloadBytes the size of the raw record value before it was cut
 */
public record DeadLetter(
        String topic, int partition, long offset, String source, String reason, String detail, String payload,
        int payloadBytes) {

    /** Builds a dead letter from raw bytes, cutting the payload at {@code maxPayloadBytes}. */
    public static DeadLetter of(String topic, int partition, long offset, String source, String reason, String detail,
            byte[] raw, int maxPayloadBytes) {
        int size = raw == null ? 0 : raw.length;
        String text = raw == null ? null
                : new String(raw, 0, Math.min(size, maxPayloadBytes), StandardCharsets.UTF_8)
                        // PostgreSQL text cannot hold NUL characters.
                        .replace('\u0000', '\uFFFD');
        return new DeadLetter(topic, partition, offset, source, reason,
                detail == null ? null : detail.replace('\u0000', '\uFFFD'), text, size);
    }
}
