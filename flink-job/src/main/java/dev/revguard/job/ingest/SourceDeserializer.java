package dev.revguard.job.ingest;

import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.SourceParser;
import dev.revguard.job.source.Sources;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each record of one topic into {@link Ingested} outcomes or a dead letter, with the parser
 * of the record's source: the one source of the topic, or (for {@code provider-events}) the
 * source its record key names, as {@code sendgrid} or {@code sendgrid:<event id>}. Parsing happens
 * in the Kafka source so that watermarks are generated per partition from the events' own time.
 * Counts per source: records, outcomes, decisions, ignored events, dead letters. Nothing raises.
 */
public class SourceDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
    private final String topicSource;
    private final Map<String, ParserFactory> factories;
    private final int maxPayloadBytes;
    private transient Map<String, SourceParser> parsers;
    private transient Map<String, SourceMetrics> metrics;
    private transient MetricGroup group;

    /**
     * @param topicSource the source every record of the topic comes from, or null to choose by the
     *     record key among {@code factories}
     */
    public SourceDeserializer(String topicSource, Map<String, ParserFactory> factories, int maxPayloadBytes) {
        this.topicSource = topicSource;
        this.factories = new LinkedHashMap<>(factories);
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Per source: records read, outcomes, decisions, ignored events, dead letters. */
    private record SourceMetrics(Counter records, Counter outcomes, Counter decisions, Counter ignored, Counter deadLetters) {
        static SourceMetrics of(MetricGroup root, String source) {
            MetricGroup g = root == null ? null : root.addGroup("source", source);
            return g == null ? new SourceMetrics(null, null, null, null, null)
                    : new SourceMetrics(g.counter("recordsRead"), g.counter("outcomes"), g.counter("decisions"),
                            g.counter("ignoredEvents"), g.counter("invalidRecords"));
        }

        void inc(Counter c, long n) {
            if (c != null) c.inc(n);
        }
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        group = context.getMetricGroup().addGroup("revguard");
        init();
    }

    private void init() {
        parsers = new HashMap<>();
        metrics = new HashMap<>();
        factories.forEach((name, f) -> parsers.put(name, f.create()));
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        if (parsers == null) {
            init();
        }
        String source = topicSource != null ? topicSource : sourceOfKey(record.key());
        SourceParser parser = source == null ? null : parsers.get(source);
        SourceMetrics m = metrics.computeIfAbsent(source == null ? "unknown" : source, s -> SourceMetrics.of(group, s));
        m.inc(m.records(), 1);
        byte[] value = record.value();
        Parsed parsed = parser == null
                ? Parsed.deadLetter(Reasons.UNKNOWN_PROVIDER, "record key " + keyText(record.key()))
                : parseSafely(parser, value);
        switch (parsed.kind()) {
            case EVENTS -> {
                m.inc(m.outcomes(), parsed.events().size());
                for (var e : parsed.events()) {
                    out.collect(Ingested.event(e, record.topic(), record.partition(), record.offset(), value));
                }
            }
            case DECISION -> {
                m.inc(m.decisions(), 1);
                out.collect(Ingested.decision(parsed.decision(), record.topic(), record.partition(), record.offset()));
            }
            case IGNORED -> m.inc(m.ignored(), 1);
            case DEAD_LETTER -> {
                m.inc(m.deadLetters(), 1);
                out.collect(Ingested.deadLetter(DeadLetter.of(record.topic(), record.partition(), record.offset(),
                        source, parsed.reason(), parsed.detail(), value, maxPayloadBytes)));
            }
        }
    }

    /** A parser never throws; should one do so after all, the record is a dead letter, not a failed job. */
    private static Parsed parseSafely(SourceParser parser, byte[] value) {
        try {
            return parser.parse(value);
        } catch (RuntimeException | StackOverflowError e) {
            return Parsed.deadLetter(Reasons.INVALID_FIELD, "the parser failed: " + e);
        }
    }

    /** The provider a {@code provider-events} key names ({@link Sources#providerOfKey}), null for none. */
    private static String sourceOfKey(byte[] key) {
        return key == null ? null : Sources.providerOfKey(new String(key, StandardCharsets.UTF_8));
    }

    private static String keyText(byte[] key) {
        if (key == null) {
            return "(none)";
        }
        String k = new String(key, StandardCharsets.UTF_8);
        return k.length() <= 80 ? k : k.substring(0, 77) + "...";
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }
}
