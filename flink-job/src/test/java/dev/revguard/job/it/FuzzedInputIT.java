package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revguard.job.Inputs;
import dev.revguard.job.Parsers;
import dev.revguard.job.RevguardJob;
import dev.revguard.job.RiskPipeline;
import dev.revguard.job.config.JobConfig;
import dev.revguard.job.ingest.ParserFactory;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Sources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thousands of broken records in both topics, mutated from the fixtures with a fixed seed (see {@link Fuzzer}):
 * the job, with restarts switched off so that any failure fails it, reads them all to the end, and every record is
 * accounted for: counted, a decision, ignored, or a dead letter with a reason, the job's own counts adding up to
 * exactly what was sent, and every outcome counted in a window, dropped as a duplicate, or a late dead letter.
 */
class FuzzedInputIT {
    private static final Logger LOG = LoggerFactory.getLogger(FuzzedInputIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 20261207L;
    private static final int PER_KIND = 60;
    private static final List<String> SOURCES = List.of(Sources.POSTHOG, Sources.SENDGRID, Sources.MAILGUN, Sources.SES, "unknown");

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    @TempDir
    Path checkpoints;

    /** One record sent, what the parsers make of it, and where it ended. */
    private record Sent(String topic, long offset, String source, Fuzzer.Fuzzed fuzzed, Parsed parsed, String thrown) {
        String expectedEnd() {
            return switch (parsed.kind()) {
                case EVENTS -> "counted";
                case DECISION -> "decision";
                case IGNORED -> "ignored";
                case DEAD_LETTER -> parsed.reason();
            };
        }
    }

    @Test
    void fuzzedRecordsNeverStopTheJobAndAreEachCountedIgnoredOrDeadLettered() throws Exception {
        long t0 = System.nanoTime();
        Fuzzer fuzzer = new Fuzzer(SEED);
        List<Fuzzer.Fuzzed> posthog = fuzzer.fuzz(posthogSeeds(), PER_KIND, false);
        List<Fuzzer.Fuzzed> providers = fuzzer.fuzz(providerSeeds(), PER_KIND, true);

        try (KafkaBroker kafka = KafkaBroker.start(); TestDatabase db = new TestDatabase("fuzz")) {
            JobConfig config = ItSettings.config(kafka, "fuzz", db, checkpoints, Map.of(
                    // The seeds span two hours of event time in no particular order.
                    "MAX_OUT_OF_ORDERNESS", "3h", "DEAD_LETTER_MAX_PAYLOAD_BYTES", "4096"));
            kafka.createTopic(config.posthogTopic(), 1, 3 << 20);
            kafka.createTopic(config.providerTopic(), 1, 3 << 20);
            List<Sent> sent = new ArrayList<>();
            sent.addAll(classify(config.posthogTopic(), Sources.POSTHOG, Parsers.posthog(), posthog));
            sent.addAll(classify(config.providerTopic(), null, Parsers.providers(config.mailgunSigningKey()), providers));
            kafka.produceRaw(config.posthogTopic(), entries(posthog));
            kafka.produceRaw(config.providerTopic(), entries(providers));
            LOG.info("Fuzz: {} records sent ({} posthog-events, {} provider-events), seed {}",
                    sent.size(), posthog.size(), providers.size(), SEED);

            Configuration flink = RevguardJob.flinkConfiguration(config);
            // Any failure fails the job (and the test) instead of a restart hiding it.
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            env.setParallelism(1);
            RiskPipeline.build(env, Inputs.kafka(config, b -> b.setBounded(OffsetsInitializer.latest())),
                    RevguardJob.postgresSinks(config), config);
            long jobStart = System.nanoTime();
            JobClient job = env.executeAsync("revguard-fuzz");
            job.getJobExecutionResult().get(240, TimeUnit.SECONDS);
            LOG.info("Fuzz: the job read every record and finished in {} ms", Duration.ofNanos(System.nanoTime() - jobStart).toMillis());
            JobID id = job.getJobID();

            // 1. The job's own counts per source: exactly what was sent, split as the parsers split it.
            Map<String, long[]> expected = new TreeMap<>();
            for (Sent s : sent) {
                long[] c = expected.computeIfAbsent(s.source(), k -> new long[5]);
                c[0]++;
                switch (s.parsed().kind()) {
                    case EVENTS -> c[1] += s.parsed().events().size();
                    case DECISION -> c[2]++;
                    case IGNORED -> c[3]++;
                    case DEAD_LETTER -> c[4]++;
                }
            }
            Map<String, long[]> actual = new TreeMap<>();
            for (String source : SOURCES) {
                long[] c = {
                        counter(id, "source." + source + ".recordsRead"), counter(id, "source." + source + ".outcomes"),
                        counter(id, "source." + source + ".decisions"), counter(id, "source." + source + ".ignoredEvents"),
                        counter(id, "source." + source + ".invalidRecords")};
                if (c[0] > 0 || expected.containsKey(source)) actual.put(source, c);
            }
            LOG.info("Fuzz: per source [records, outcomes, decisions, ignored, dead letters]: job {} / parsers {}",
                    render(actual), render(expected));
            assertThat(render(actual)).isEqualTo(render(expected));
            long read = actual.values().stream().mapToLong(c -> c[0]).sum();
            long accounted = sent.stream().filter(s -> s.parsed().kind() == Parsed.Kind.EVENTS).count()
                    + actual.values().stream().mapToLong(c -> c[2] + c[3] + c[4]).sum();
            assertThat(read).as("records read").isEqualTo(sent.size());
            assertThat(accounted).as("records with outcomes + decisions + ignored + dead letters").isEqualTo(sent.size());

            // 2. Every dead letter the parsers name is in the table, at its offset, with its reason; the only
            //    others are outcomes too late for their window.
            Map<String, Sent> byPlace = new HashMap<>();
            sent.forEach(s -> byPlace.put(s.topic() + "/" + s.offset(), s));
            Set<String> expectedDead = new TreeSet<>();
            sent.stream().filter(s -> s.parsed().kind() == Parsed.Kind.DEAD_LETTER)
                    .forEach(s -> expectedDead.add(s.topic() + "/" + s.offset() + "/" + s.parsed().reason()));
            List<String> rows = db.rows("SELECT topic || '/' || kafka_offset || '/' || reason FROM dead_letter_events");
            Set<String> lateRows = new TreeSet<>();
            Set<String> parseRows = new TreeSet<>();
            for (String r : rows) {
                (r.endsWith("/late") ? lateRows : parseRows).add(r);
            }
            assertThat(rows).hasSize(parseRows.size() + lateRows.size());
            assertThat(parseRows).isEqualTo(expectedDead);
            long lateEvents = 0;
            for (String r : lateRows) {
                Sent s = byPlace.get(r.substring(0, r.lastIndexOf('/')));
                assertThat(s).as("late dead letter %s", r).isNotNull();
                assertThat(s.parsed().kind()).as("late dead letter %s", r).isEqualTo(Parsed.Kind.EVENTS);
                lateEvents += s.parsed().events().size();
            }
            assertThat(db.rows("SELECT detail FROM dead_letter_events WHERE detail LIKE 'the parser failed%'"))
                    .as("exceptions that escaped a parser").isEmpty();

            // 3. Every outcome: counted in its window, a duplicate, a duplicate across sources, or late.
            long outcomes = actual.values().stream().mapToLong(c -> c[1]).sum();
            long counted = db.count("SELECT coalesce(sum(sent + delivered + bounced + soft_bounced + deferred + dropped"
                    + " + spam_complaints), 0) FROM deliverability_window WHERE dimension = 'all'");
            long duplicates = counter(id, "duplicateEvents");
            long crossSource = counter(id, "crossSourceDuplicates");
            LOG.info("Fuzz: {} outcomes = {} counted in windows + {} duplicates + {} duplicates across sources + {} late",
                    outcomes, counted, duplicates, crossSource, lateEvents);
            assertThat(counted + duplicates + crossSource + lateEvents).as("outcomes accounted for").isEqualTo(outcomes);
            // A mutated timestamp far ahead moves the watermark: outcomes read after it are late.
            LOG.info("Fuzz: the latest minute counted: {}", db.rows("SELECT max(window_start) FROM deliverability_window"));

            // Where each mutation ended.
            Map<String, Map<String, Integer>> ends = new TreeMap<>();
            for (Sent s : sent) {
                String end = s.expectedEnd();
                if (end.equals("counted") && lateRows.contains(s.topic() + "/" + s.offset() + "/late")) end = "late";
                ends.computeIfAbsent(s.fuzzed().mutation() + " (" + (s.topic().equals(config.posthogTopic()) ? "posthog" : "providers") + ")",
                        k -> new TreeMap<>()).merge(end, 1, Integer::sum);
            }
            StringBuilder report = new StringBuilder("Fuzz: where each mutation ended (records):");
            ends.forEach((m, e) -> report.append("\n  ").append(m).append(" ").append(e.values().stream().mapToInt(Integer::intValue).sum())
                    .append(": ").append(e));
            LOG.info("{}", report);
            List<Sent> thrown = sent.stream().filter(s -> s.thrown() != null).toList();
            thrown.stream().limit(20).forEach(s -> LOG.warn("Fuzz: a parser threw on {} ({}): {}",
                    s.fuzzed().mutation(), s.fuzzed().what(), s.thrown()));
            assertThat(thrown).as("records a parser threw on").isEmpty();
            LOG.info("Fuzz: test took {} s", Duration.ofNanos(System.nanoTime() - t0).toSeconds());
        }
    }

    /** What the job's parsers make of each record, as the job's deserializer chooses them. */
    private static List<Sent> classify(String topic, String topicSource, Map<String, ParserFactory> factories,
            List<Fuzzer.Fuzzed> records) {
        List<Sent> out = new ArrayList<>();
        Map<String, dev.revguard.job.source.SourceParser> parsers = new HashMap<>();
        factories.forEach((name, f) -> parsers.put(name, f.create()));
        long offset = 0;
        for (Fuzzer.Fuzzed f : records) {
            String source = topicSource != null ? topicSource
                    : f.key() == null ? null : Sources.providerOfKey(new String(f.key(), StandardCharsets.UTF_8));
            var parser = source == null ? null : parsers.get(source);
            Parsed parsed;
            String thrown = null;
            if (parser == null) {
                parsed = Parsed.deadLetter("unknown_provider", null);
            } else {
                try {
                    parsed = parser.parse(f.value());
                } catch (RuntimeException | StackOverflowError e) {
                    thrown = e.toString();
                    parsed = Parsed.deadLetter("invalid_field", "the parser failed: " + e);
                }
            }
            out.add(new Sent(topic, offset++, source == null ? "unknown" : source, f, parsed, thrown));
        }
        return out;
    }

    private static long counter(JobID job, String suffix) {
        return METRICS.findMetrics(job, suffix).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + suffix) && e.getValue() instanceof Counter)
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }

    private static String render(Map<String, long[]> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, c) -> b.append(k).append(java.util.Arrays.toString(c)).append(' '));
        return b.toString().strip();
    }

    private static List<Map.Entry<byte[], byte[]>> entries(List<Fuzzer.Fuzzed> records) {
        return records.stream().map(f -> (Map.Entry<byte[], byte[]>) new SimpleEntry<>(f.key(), f.value())).toList();
    }

    private static List<Path> files(String source) throws Exception {
        Path dir = Path.of(FuzzedInputIT.class.getResource("/fixtures/" + source).toURI());
        try (Stream<Path> s = Files.list(dir)) {
            // The 2 MiB fixture is no seed: the fuzzer makes records of that size itself.
            return s.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".headers.json"))
                    .filter(p -> p.toFile().length() < 64 * 1024)
                    .sorted().toList();
        }
    }

    private static List<Fuzzer.Seed> posthogSeeds() throws Exception {
        List<Fuzzer.Seed> out = new ArrayList<>();
        for (Path f : files("posthog")) {
            byte[] bytes = Files.readAllBytes(f);
            String name = f.getFileName().toString();
            if (name.equals("intake-array.json")) {
                for (JsonNode e : JSON.readTree(bytes)) out.add(new Fuzzer.Seed(null, JSON.writeValueAsBytes(e)));
            } else if (name.equals("intake-batch.json")) {
                for (JsonNode e : JSON.readTree(bytes).get("batch")) out.add(new Fuzzer.Seed(null, JSON.writeValueAsBytes(e)));
            } else {
                out.add(new Fuzzer.Seed(null, bytes));
            }
        }
        return out;
    }

    private static List<Fuzzer.Seed> providerSeeds() throws Exception {
        List<Fuzzer.Seed> out = new ArrayList<>();
        for (String provider : List.of(Sources.SENDGRID, Sources.MAILGUN, Sources.SES)) {
            for (Path f : files(provider)) {
                byte[] bytes = Files.readAllBytes(f);
                if (f.getFileName().toString().equals("batch.json")) {
                    for (JsonNode e : JSON.readTree(bytes)) out.add(new Fuzzer.Seed(provider, JSON.writeValueAsBytes(e)));
                } else {
                    out.add(new Fuzzer.Seed(provider, bytes));
                }
            }
        }
        return out;
    }
}
