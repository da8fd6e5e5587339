package dev.revguard.job.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real single-node KRaft broker (broker and controller in one JVM, {@code kafka.Kafka} from the Kafka jars on
 * the test class path) in a process of its own, so that it can be stopped (SIGTERM, a clean shutdown) and started
 * again on the same log directory and the same port, as an operator restarts a broker.
 */
final class BrokerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Path properties;
    private final KafkaProducer<byte[], byte[]> producer;
    private Process process;
    private int starts;

    private BrokerProcess(Path dir, int port) throws IOException {
        this.dir = dir;
        this.port = port;
        this.properties = dir.resolve("server.properties");
        int controllerPort = freePort();
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""), StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Formats the storage in {@code dir} and starts the broker on a free port. */
    static BrokerProcess start(Path dir) throws Exception {
        BrokerProcess b = new BrokerProcess(dir, freePort());
        Process format = b.java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", b.properties.toString()).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting the broker's storage failed; see " + dir.resolve("format.log"));
        }
        b.start();
        return b;
    }

    /** Starts the broker (again) on its log directory and port; returns once it answers clients. */
    void start() throws Exception {
        starts++;
        process = java("kafka.Kafka", properties.toString())
                .redirectOutput(dir.resolve("broker-" + starts + ".log").toFile()).start();
        Await.until("the broker to take clients on port " + port, Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited; see " + dir.resolve("broker-" + starts + ".log"));
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(),
                    "request.timeout.ms", "2000", "default.api.timeout.ms", "3000"))) {
                return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
            }
        });
    }

    /** SIGTERM: the broker's own clean shutdown; returns once the process is gone. */
    Duration stop() throws InterruptedException {
        long t0 = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** True while nothing listens on the broker's port. */
    boolean portClosed() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        KafkaBroker.awaitLeaders(producer, topic, partitions);
    }

    /** Sends records in order, each to its partition, and checks each landed at the offset the scenario gave it. */
    void produce(String topic, List<Scenario.Record> records) throws Exception {
        List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
        for (Scenario.Record r : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, r.partition(), null, r.value())));
        }
        producer.flush();
        KafkaBroker.checkOffsets(topic, records, sent);
    }

    private ProcessBuilder java(String mainClass, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xms128m", "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        producer.close(Duration.ofSeconds(5));
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
