package dev.revguard.job.tools.generate;

import dev.revguard.job.source.Sources;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes PostHog records to the PostHog topic (no key, as today) and provider records to the
 * provider topic keyed {@code <provider>:<event id>}, as the intake does. The record timestamp is
 * the event time, so history can be replayed by time.
 */
public final class KafkaSink implements Sink {
    private final Producer<String, byte[]> producer;
    private final String posthogTopic;
    private final String providerTopic;
    private final PrintStream out;
    private final AtomicLong failed = new AtomicLong();

    public KafkaSink(Producer<String, byte[]> producer, String posthogTopic, String providerTopic, PrintStream out) {
        this.producer = producer;
        this.posthogTopic = posthogTopic;
        this.providerTopic = providerTopic;
        this.out = out;
    }

    @Override
    public void accept(SourceRecord record) {
        String topic = record.source().equals(Sources.POSTHOG) ? posthogTopic : providerTopic;
        producer.send(new ProducerRecord<>(topic, null, record.eventTime(), record.key(), record.value()), (md, e) -> {
            if (e != null && failed.getAndIncrement() == 0) {
                out.println("generate-events: Kafka refused a record: " + e);
            }
        });
    }

    @Override
    public String progress() {
        long f = failed.get();
        return f == 0 ? "" : String.format("%,d not written", f);
    }

    @Override
    public void finish() {
        producer.flush();
        producer.close();
    }
}
