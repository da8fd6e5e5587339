package dev.revguard.query.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a request's records with one idempotent producer ({@code acks=all}) and returns only
 * once Kafka has acknowledged every one of them. The producer gives up on a record after the
 * intake timeout ({@code delivery.timeout.ms}), so a request answered 503 leaves no record behind
 * that a later retry would duplicate.
 */
public final class KafkaEventWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventWriter.class);
    private static final int LINGER_MS = 2;

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    public KafkaEventWriter(String bootstrapServers, Duration timeout) {
        this.timeout = timeout;
        int total = (int) timeout.toMillis();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "revguard-intake");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        // delivery.timeout.ms must cover linger + one request; the whole of it is the intake's timeout.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, total);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, total - LINGER_MS);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, total);
        // One event may be up to 1 MiB; the broker's own limit decides beyond that (413).
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * IntakeSettings.MAX_EVENT_BYTES);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends every record to {@code topic} and waits for all acknowledgements: 503 when Kafka does not take them in time. */
    public void write(String topic, List<IntakeRecord> records) {
        // The producer itself fails every record by delivery.timeout.ms; this is only a safety net beyond it.
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try {
            for (IntakeRecord r : records) {
                Future<RecordMetadata> f = producer.send(
                        new ProducerRecord<>(topic, r.key().getBytes(StandardCharsets.UTF_8), r.value()));
                sent.add(f);
                if (f.isDone()) {
                    f.get(); // a send that failed at once (no metadata within max.block.ms): stop here
                }
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw failed(topic, records.size(), e.getCause());
        } catch (TimeoutException e) {
            throw failed(topic, records.size(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.unavailable(Refusal.KAFKA_UNAVAILABLE, "interrupted while writing to Kafka");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw failed(topic, records.size(), e);
        }
    }

    private static Refusal failed(String topic, int count, Throwable cause) {
        if (cause instanceof RecordTooLargeException) {
            return Refusal.tooLarge(Refusal.EVENT_TOO_LARGE, "an event is larger than Kafka takes");
        }
        LOG.warn("Kafka did not acknowledge {} record(s) for {}: {}", count, topic, cause.toString());
        return Refusal.unavailable(Refusal.KAFKA_UNAVAILABLE, "Kafka is unavailable; retry later");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
