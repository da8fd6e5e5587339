package dev.revguard.job.it;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft Kafka broker in the test JVM, one per test class. */
final class KafkaBroker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Room for the 2 MiB fixture the job must dead-letter as too large.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static KafkaBroker start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new KafkaBroker(cluster);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        awaitLeaders(producer, topic, partitions);
    }

    /**
     * Waits until the producer knows a leader for every partition of a topic just created. Records sent before
     * that met NOT_LEADER_OR_FOLLOWER, and the idempotent producer's retries then ran into
     * OUT_OF_ORDER_SEQUENCE_NUMBER, with the first batch of a partition missing from the log.
     */
    static void awaitLeaders(KafkaProducer<byte[], byte[]> producer, String topic, int partitions) throws Exception {
        Await.until("leaders for the " + partitions + " partitions of " + topic, java.time.Duration.ofSeconds(30), () -> {
            var info = producer.partitionsFor(topic);
            return info.size() == partitions && info.stream().allMatch(i -> i.leader() != null && !i.leader().isEmpty());
        });
    }

    /** Checks that each record landed at the offset the scenario gave it: nothing the job is judged on went missing. */
    static void checkOffsets(String topic, List<Scenario.Record> records, List<Future<RecordMetadata>> sent) throws Exception {
        for (int i = 0; i < records.size(); i++) {
            RecordMetadata m = sent.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
            Scenario.Record r = records.get(i);
            if (m.partition() != r.partition() || m.offset() != r.offset()) {
                throw new IllegalStateException("record " + r.partition() + "/" + r.offset() + " of " + topic
                        + " landed at " + m.partition() + "/" + m.offset() + ": the test's producing went wrong");
            }
        }
    }

    /** A topic whose records may be up to {@code maxMessageBytes} large. */
    void createTopic(String topic, int partitions, int maxMessageBytes) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of("max.message.bytes", String.valueOf(maxMessageBytes))))).all().get();
        }
        awaitLeaders(producer, topic, partitions);
    }

    /** Sends keyed records in order to partition 0 and waits until all are acknowledged. */
    void produceKeyed(String topic, List<Map.Entry<String, byte[]>> records) throws Exception {
        Future<RecordMetadata> last = null;
        for (Map.Entry<String, byte[]> r : records) {
            byte[] key = r.getKey() == null ? null : r.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            last = producer.send(new ProducerRecord<>(topic, 0, key, r.getValue()));
        }
        producer.flush();
        if (last != null) {
            last.get();
        }
    }

    /** Sends records with raw keys and values (null allowed) in order to partition 0 and waits until all are acknowledged. */
    void produceRaw(String topic, List<Map.Entry<byte[], byte[]>> records) throws Exception {
        Future<RecordMetadata> last = null;
        for (Map.Entry<byte[], byte[]> r : records) {
            last = producer.send(new ProducerRecord<>(topic, 0, r.getKey(), r.getValue()));
        }
        producer.flush();
        if (last != null) {
            last.get();
        }
    }

    /** Sends records in order, each to its partition, and waits until all are acknowledged. */
    void produce(String topic, List<Scenario.Record> records) throws Exception {
        Future<RecordMetadata> last = null;
        for (Scenario.Record r : records) {
            last = producer.send(new ProducerRecord<>(topic, r.partition(), null, r.value()));
        }
        producer.flush();
        if (last != null) {
            last.get();
        }
    }

    /**
     * As {@link #produce}, and checks that every record landed at the offset the scenario gave it (the topic's
     * records are the scenario's alone), so that a record the test failed to store is not blamed on the job.
     */
    void produceExactly(String topic, List<Scenario.Record> records) throws Exception {
        List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
        for (Scenario.Record r : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, r.partition(), null, r.value())));
        }
        producer.flush();
        checkOffsets(topic, records, sent);
    }

    @Override
    public void close() throws Exception {
        producer.close();
        cluster.close();
    }
}
