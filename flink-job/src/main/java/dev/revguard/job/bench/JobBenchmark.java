package dev.revguard.job.bench;

import dev.revguard.job.window.DimensionValues;
import dev.revguard.job.RevguardJob;
import dev.revguard.job.RiskPipeline;
import dev.revguard.job.config.JobConfig;
import dev.revguard.job.ingest.Ingested;
import dev.revguard.job.Inputs;
import dev.revguard.job.Parsers;
import dev.revguard.common.Dimension;
import dev.revguard.job.window.DimensionKey;
import java.nio.charset.StandardCharsets;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.posthog.PostHogParser;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput of the job against two baselines measured in the same run on the same topic:
 * (a) a bare Kafka consumer that reads and parses every record; (b) a minimal Flink job doing only
 * parse, keyBy by the six dimension keys, 1-minute window count, discard; (c) the real job end to
 * end into PostgreSQL. (b) and (c) use the same state backend, checkpointing and parallelism.
 *
 * <p>With BENCH_MIX=true a fourth run (m) reads the same number of records of all four sources
 * (SendGrid, Mailgun, SES and PostHog in their real shapes, from the event generator, on
 * {@code posthog-events} and {@code provider-events} topics of their own) and is compared with (c).
 *
 * <p>Settings come from the environment, as for the job: KAFKA_BOOTSTRAP_SERVERS, DATABASE_URL,
 * DATABASE_USER, DATABASE_PASSWORD, plus BENCH_EVENTS (2000000), BENCH_PARTITIONS (2), BENCH_MIX.
 */
public final class JobBenchmark {
    private JobBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        long events = Long.parseLong(env.getOrDefault("BENCH_EVENTS", "2000000"));
        int partitions = Integer.parseInt(env.getOrDefault("BENCH_PARTITIONS", "2"));
        String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        String topic = "bench-posthog-events-" + events + "-p" + partitions;

        long produced = ensureTopic(bootstrap, topic, partitions, events);
        System.out.printf("topic %s holds %,d events (%s)%n", topic, produced, produced == events ? "ready" : "?");

        String stages = env.getOrDefault("BENCH_STAGES", "abc");
        Result a = stages.contains("a") ? bareConsumer(bootstrap, topic, events) : new Result(events, events, Double.NaN);
        System.out.printf("(a) bare consumer + parse:       %,10.0f events/s  (%,d events in %.1f s)%n", a.rate(), a.events, a.seconds);

        Map<String, String> settings = new HashMap<>(env);
        settings.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        settings.put("KAFKA_TOPIC_POSTHOG", topic);
        settings.put("KAFKA_TOPIC_PROVIDERS", topic + "-no-providers");
        settings.put("DATABASE_SCHEMA", "bench_" + UUID.randomUUID().toString().substring(0, 8));
        settings.put("PARALLELISM", String.valueOf(partitions));
        settings.putIfAbsent("CHECKPOINT_DIR", java.nio.file.Path.of("target", "bench-checkpoints").toAbsolutePath().toUri().toString());
        settings.putIfAbsent("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        settings.put("KAFKA_GROUP_ID", "bench-minimal-" + UUID.randomUUID());
        settings.keySet().retainAll(knownSettings());
        JobConfig config = JobConfig.parse(new String[0], settings);

        Result b = stages.contains("b") ? minimalFlinkJob(config, events) : new Result(events, events, Double.NaN);
        System.out.printf("(b) minimal Flink window count:  %,10.0f events/s  (%.1f s)%n", b.rate(), b.seconds);

        settings.put("KAFKA_GROUP_ID", "bench-job-" + UUID.randomUUID());
        config = JobConfig.parse(new String[0], settings);
        config.database().migrate();
        Result c = realJob(config, events);
        System.out.printf("(c) revguard job into PostgreSQL: %,10.0f events/s  (%.1f s)%n", c.rate(), c.seconds);
        verify(config, a.valid);
        dropSchema(config);

        System.out.printf("c/b = %.2f   c/a = %.2f   (target c/b >= 0.60)%n", c.rate() / b.rate(), c.rate() / a.rate());

        if ("true".equalsIgnoreCase(env.getOrDefault("BENCH_MIX", "false"))) {
            // The same generator, messages, senders and rates, once reported by PostHog alone and once
            // spread over all four sources: the difference is the sources' cost.
            Result p = generatedRun(settings, bootstrap, partitions, events, "posthog");
            System.out.printf("(p) revguard job, PostHog only:     %,10.0f records/s  (%,d records in %.1f s)%n", p.rate(),
                    p.events, p.seconds);
            Result m = generatedRun(settings, bootstrap, partitions, events, "mixed");
            System.out.printf("(m) revguard job, all four sources: %,10.0f records/s  (%,d records in %.1f s)%n", m.rate(),
                    m.events, m.seconds);
            System.out.printf("m/p = %.2f   (target m/p >= 0.90: the provider sources cost about what PostHog does)%n",
                    m.rate() / p.rate());
        }
        System.out.printf("machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    private record Result(long events, long valid, double seconds) {
        double rate() {
            return events / seconds;
        }
    }

    private static List<String> knownSettings() {
        return List.of("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_TOPIC_POSTHOG", "KAFKA_TOPIC_PROVIDERS", "DEDUP_ACROSS_SOURCES", "KAFKA_GROUP_ID", "DATABASE_URL",
                "DATABASE_USER", "DATABASE_PASSWORD", "DATABASE_SCHEMA", "PARALLELISM", "CHECKPOINT_DIR",
                "CHECKPOINT_INTERVAL", "STATE_BACKEND", "EMIT_INTERVAL", "SINK_BATCH_SIZE");
    }

    static long ensureTopic(String bootstrap, String topic, int partitions, long events) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            }
        }
        long existing = endOffsetSum(bootstrap, topic);
        if (existing >= events) {
            return existing;
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        SyntheticEvents gen = new SyntheticEvents(1, 2000, 600, 200, 60, Instant.parse("2026-11-01T00:00:00Z"), 20_000);
        long start = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = existing; i < events; i++) {
                byte[] value = gen.next().getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null, value));
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("produced %,d events (%.0f bytes each on average) in %.1f s: %,.0f events/s%n",
                events - existing, (double) bytes / (events - existing), s, (events - existing) / s);
        return endOffsetSum(bootstrap, topic);
    }

    /** The real job on the generator's history of {@code source} (posthog or mixed), checked against a parse of it. */
    private static Result generatedRun(Map<String, String> settings, String bootstrap, int partitions, long events,
            String source) throws Exception {
        String posthog = "bench-gen-" + source + "-posthog-" + events + "-p" + partitions;
        String providers = "bench-gen-" + source + "-providers-" + events + "-p" + partitions;
        long records = ensureGeneratedTopics(bootstrap, source, posthog, providers, partitions, events);
        long expected = distinctOutcomes(bootstrap, posthog, providers);
        settings.put("KAFKA_TOPIC_POSTHOG", posthog);
        settings.put("KAFKA_TOPIC_PROVIDERS", providers);
        settings.put("DATABASE_SCHEMA", "bench_" + UUID.randomUUID().toString().substring(0, 8));
        settings.put("KAFKA_GROUP_ID", "bench-" + source + "-" + UUID.randomUUID());
        JobConfig config = JobConfig.parse(new String[0], settings);
        config.database().migrate();
        Result r = realJob(config, records);
        verify(config, expected);
        dropSchema(config);
        return r;
    }

    /**
     * The generator's history (its real shapes, duplicates and malformed records included)
     * until the two topics hold {@code events} records between them.
     */
    static long ensureGeneratedTopics(String bootstrap, String source, String posthog, String providers, int partitions,
            long events)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var names = admin.listTopics().names().get();
            for (String t : List.of(posthog, providers)) {
                if (!names.contains(t)) {
                    admin.createTopics(List.of(new NewTopic(t, partitions, (short) 1))).all().get();
                }
            }
        }
        long existing = endOffsetSum(bootstrap, posthog) + endOffsetSum(bootstrap, providers);
        if (existing == 0) {
            long start = System.nanoTime();
            // 2,000 records per second of event time; the generator writes history as fast as Kafka takes it.
            dev.revguard.job.tools.GenerateEvents.main(new String[] {"--source", source, "--start", "2026-11-01T00:00:00Z",
                    "--duration", (events / 2000) + "s", "--rate", "2000", "--seed", "7", "--bootstrap", bootstrap,
                    "--topic", posthog, "--provider-topic", providers});
            System.out.printf("generated the %s history in %.1f s%n", source, (System.nanoTime() - start) / 1e9);
            existing = endOffsetSum(bootstrap, posthog) + endOffsetSum(bootstrap, providers);
        }
        System.out.printf("topics %s + %s hold %,d records%n", posthog, providers, existing);
        return existing;
    }

    /** What the job must count: the outcomes of both topics, each event id once. */
    static long distinctOutcomes(String bootstrap, String posthog, String providers) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        Map<String, dev.revguard.job.source.SourceParser> parsers = new HashMap<>();
        Parsers.posthog().forEach((k, f) -> parsers.put(k, f.create()));
        Parsers.providers(null).forEach((k, f) -> parsers.put(k, f.create()));
        long started = System.nanoTime();
        long records = 0;
        for (String topic : List.of(posthog, providers)) {
            long end = endOffsetSum(bootstrap, topic);
            long read = 0;
            try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
                List<TopicPartition> tps = c.partitionsFor(topic).stream()
                        .map(pi -> new TopicPartition(topic, pi.partition())).toList();
                c.assign(tps);
                c.seekToBeginning(tps);
                while (read < end) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                        read++;
                        records++;
                        String source = topic.equals(posthog) ? dev.revguard.job.source.Sources.POSTHOG
                                : dev.revguard.job.source.Sources.providerOfKey(
                                        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
                        var parser = source == null ? null : parsers.get(source);
                        Parsed p = parser == null ? null : parser.parse(r.value());
                        if (p != null && p.kind() == Parsed.Kind.EVENTS) {
                            p.events().forEach(e -> ids.add(e.dedupKey()));
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("    bare consumer + parse of both topics: %,.0f records/s (%,d records in %.1f s)%n",
                records / seconds, records, seconds);
        return ids.size();
    }

    private static long endOffsetSum(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            return c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static Result bareConsumer(String bootstrap, String topic, long events) {
        PostHogParser parser = new PostHogParser();
        long read = 0;
        long valid = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            while (read < events) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    read++;
                    Parsed p = parser.parse(r.value());
                    if (p.kind() == Parsed.Kind.EVENTS) {
                        valid += p.events().size();
                    }
                }
            }
        }
        return new Result(read, valid, (System.nanoTime() - start) / 1e9);
    }

    static Result minimalFlinkJob(JobConfig config, long events) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(RevguardJob.flinkConfiguration(config));
        env.setParallelism(config.parallelism());
        env.fromSource(Inputs.kafka(config, b -> b.setBounded(OffsetsInitializer.latest())).posthog(),
                        WatermarkStrategy.<Ingested>forBoundedOutOfOrderness(config.maxOutOfOrderness())
                                .withTimestampAssigner((r, t) -> r.eventTimestamp())
                                .withIdleness(config.idlenessTimeout()),
                        "bench-source")
                .flatMap((Ingested in, Collector<Tuple2<String, Long>> out) -> {
                    if (in.event != null) {
                        for (Dimension d : Dimension.all()) {
                            out.collect(Tuple2.of(DimensionKey.of(d.label(), DimensionValues.of(d, in.event)), 1L));
                        }
                    }
                })
                .returns(Types.TUPLE(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0)
                .window(TumblingEventTimeWindows.of(RiskPipeline.WINDOW))
                .reduce((x, y) -> Tuple2.of(x.f0, x.f1 + y.f1))
                .sinkTo(new DiscardingSink<>());
        JobExecutionResult r = env.execute("bench-minimal");
        return new Result(events, events, r.getNetRuntime() / 1000.0);
    }

    static Result realJob(JobConfig config, long events) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(RevguardJob.flinkConfiguration(config));
        env.setParallelism(config.parallelism());
        RiskPipeline.build(env, Inputs.kafka(config, b -> b.setBounded(OffsetsInitializer.latest())),
                RevguardJob.postgresSinks(config), config);
        JobExecutionResult r = env.execute("bench-revguard");
        return new Result(events, events, r.getNetRuntime() / 1000.0);
    }

    private static void verify(JobConfig config, long valid) throws Exception {
        try (Connection c = config.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum(sent + delivered + bounced + soft_bounced + deferred "
                        + "+ dropped + spam_complaints), 0), count(*) FROM deliverability_window WHERE dimension = 'all'")) {
            rs.next();
            System.out.printf("    check: %,d outcomes counted in deliverability_window (all), %,d parsed by (a): %s%n",
                    rs.getLong(1), valid, rs.getLong(1) == valid ? "equal" : "DIFFERENT");
        }
    }

    private static void dropSchema(JobConfig config) throws Exception {
        try (Connection c = config.database().connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + config.database().schema() + " CASCADE");
        }
    }
}
