package dev.revguard.job.source;

/**
 * Parses one Kafka record value of one source into {@link Parsed}. Never throws: whatever the
 * bytes, the answer is outcomes, ignored, or a dead letter with a reason. Implementations are
 * plain Java (no Flink), handed plain values, and used by one thread at a time.
 */
public interface SourceParser {
    Parsed parse(byte[] value);
}
