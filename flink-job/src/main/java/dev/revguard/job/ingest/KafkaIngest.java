package dev.revguard.job.ingest;

import java.time.OffsetDateTime;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** A Kafka source of one topic, from plain values. */
public final class KafkaIngest {
    private KafkaIngest() {}

    /** The source of {@code topic}, unbounded; callers set an end with {@link #end}. */
    public static KafkaSourceBuilder<Ingested> builder(String bootstrapServers, String topic, String groupId,
            OffsetsInitializer start, KafkaRecordDeserializationSchema<Ingested> deserializer) {
        return KafkaSource.<Ingested>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(start)
                .setDeserializer(deserializer)
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperty("client.id.prefix", groupId + "-" + topic);
    }

    /**
     * Where reading starts: {@code earliest}, {@code latest}, {@code committed} (earliest when
     * none), or the first record at or after an ISO-8601 time.
     */
    @SuppressWarnings("deprecation")
    public static OffsetsInitializer start(String startingOffsets) {
        return switch (startingOffsets) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> OffsetsInitializer.timestamp(OffsetDateTime.parse(startingOffsets).toInstant().toEpochMilli());
        };
    }

    /** Sets where reading ends: at {@code stopAt} (ISO-8601) when given, else at the latest offsets when bounded. */
    public static KafkaSourceBuilder<Ingested> end(KafkaSourceBuilder<Ingested> b, boolean bounded, String stopAt) {
        if (stopAt != null) {
            b.setBounded(OffsetsInitializer.timestamp(OffsetDateTime.parse(stopAt).toInstant().toEpochMilli()));
        } else if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b;
    }
}
