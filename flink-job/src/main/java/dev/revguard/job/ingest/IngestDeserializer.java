package dev.revguard.job.ingest;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each {@code posthog-events} record into an {@link Ingested}: parsing happens in the source
 * so that watermarks are generated per Kafka partition from the events' own time. Events the job
 * does not use are counted in metrics and dropped; nothing raises.
 */
public class IngestDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
    private final int maxPayloadBytes;
    private transient PostHogParser parser;
    private transient Counter ignoredEvents;
    private transient Counter ignoredStatuses;
    private transient Counter invalidRecords;

    public IngestDeserializer(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new PostHogParser();
        MetricGroup group = context.getMetricGroup().addGroup("revguard");
        ignoredEvents = group.counter("ignoredEvents");
        ignoredStatuses = group.counter("ignoredEngagementStatuses");
        invalidRecords = group.counter("invalidRecords");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        if (parser == null) {
            parser = new PostHogParser();
        }
        byte[] value = record.value();
        ParseResult r = parser.parse(value);
        switch (r.kind()) {
            case EVENT -> out.collect(Ingested.event(
                    r.event(), record.topic(), record.partition(), record.offset(), value));
            case INVALID -> {
                if (invalidRecords != null) invalidRecords.inc();
                out.collect(Ingested.deadLetter(DeadLetter.of(
                        record.topic(), record.partition(), record.offset(), r.error(), value, maxPayloadBytes)));
            }
            case IGNORED_EVENT -> {
                if (ignoredEvents != null) ignoredEvents.inc();
            }
            case IGNORED_STATUS -> {
                if (ignoredStatuses != null) ignoredStatuses.inc();
            }
        }
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }
}
