package dev.revguard.job.ingest;

import dev.revguard.job.config.JobConfig;
import java.time.OffsetDateTime;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The Kafka source of {@code posthog-events} as the configuration describes it. */
public final class KafkaIngest {
    private KafkaIngest() {}

    public static KafkaSource<Ingested> source(JobConfig config) {
        KafkaSourceBuilder<Ingested> b = builder(config);
        if (config.stopAt() != null) {
            b.setBounded(OffsetsInitializer.timestamp(OffsetDateTime.parse(config.stopAt()).toInstant().toEpochMilli()));
        } else if (config.bounded()) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    /** The source as configured, unbounded, for callers that set their own end. */
    public static KafkaSourceBuilder<Ingested> builder(JobConfig config) {
        return KafkaSource.<Ingested>builder()
                .setBootstrapServers(config.kafkaBootstrapServers())
                .setTopics(config.posthogTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(startingOffsets(config))
                .setDeserializer(new IngestDeserializer(config.deadLetterMaxPayloadBytes()))
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperty("client.id.prefix", config.groupId());
    }

    @SuppressWarnings("deprecation")
    static OffsetsInitializer startingOffsets(JobConfig config) {
        return switch (config.startingOffsets()) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> OffsetsInitializer.timestamp(config.startingTimeMillis());
        };
    }
}
