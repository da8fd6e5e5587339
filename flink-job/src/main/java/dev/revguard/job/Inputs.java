package dev.revguard.job;

import dev.revguard.job.config.JobConfig;
import dev.revguard.job.ingest.Ingested;
import dev.revguard.job.ingest.KafkaIngest;
import dev.revguard.job.ingest.KafkaTopics;
import java.util.List;
import dev.revguard.job.ingest.SourceDeserializer;
import java.util.function.UnaryOperator;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;

/**
 * The job's two inputs: {@code posthog-events} and {@code provider-events}, each read with the
 * parsers of {@link Parsers}; a topic that does not exist yet is created (see {@link KafkaTopics}).
 */
public record Inputs(Source<Ingested, ?, ?> posthog, Source<Ingested, ?, ?> providers) {

    /** Both topics as configured, ending where the configuration says. */
    public static Inputs kafka(JobConfig config) {
        return kafka(config, b -> KafkaIngest.end(b, config.bounded(), config.stopAt()));
    }

    /** Both topics as configured, with {@code end} deciding where they end (tests, benchmarks). */
    public static Inputs kafka(JobConfig config, UnaryOperator<KafkaSourceBuilder<Ingested>> end) {
        return kafka(config, end, end);
    }

    /** Both topics as configured, each ending where its operator says. */
    public static Inputs kafka(JobConfig config, UnaryOperator<KafkaSourceBuilder<Ingested>> posthogEnd,
            UnaryOperator<KafkaSourceBuilder<Ingested>> providersEnd) {
        int maxPayload = config.deadLetterMaxPayloadBytes();
        KafkaTopics.ensureExist(config.kafkaBootstrapServers(), List.of(config.posthogTopic(), config.providerTopic()));
        return new Inputs(
                posthogEnd.apply(builder(config, config.posthogTopic(),
                        new SourceDeserializer(Parsers.POSTHOG, Parsers.posthog(), maxPayload))).build(),
                providersEnd.apply(builder(config, config.providerTopic(),
                        new SourceDeserializer(null, Parsers.providers(config.mailgunSigningKey()), maxPayload))).build());
    }

    private static KafkaSourceBuilder<Ingested> builder(JobConfig config, String topic, SourceDeserializer d) {
        return KafkaIngest.builder(config.kafkaBootstrapServers(), topic, config.groupId(),
                KafkaIngest.start(config.startingOffsets()), d);
    }
}
