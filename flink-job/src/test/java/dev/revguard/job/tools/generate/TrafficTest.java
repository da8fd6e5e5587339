package dev.revguard.job.tools.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.revguard.job.source.Sources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The traffic loop: rates, history cut at its end, duplicates and malformed records, seeded repeats. */
class TrafficTest {
    static final List<String> ALL = List.of(Sources.POSTHOG, Sources.SENDGRID, Sources.MAILGUN, Sources.SES);
    static final long START = 1_795_000_000_000L; // 2026-11-17

    static Map<String, Shape> shapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Shape s : List.of(new PostHogShape(), new SendGridShape(), new MailgunShape("k"), new SesShape())) {
            shapes.put(s.source(), s);
        }
        return shapes;
    }

    static Traffic.Counts history(long seed, List<String> sources, long seconds, double rate, double duplicates,
                                  double malformed, Sink sink) throws Exception {
        Traffic.Settings settings = new Traffic.Settings(rate, START, START + seconds * 1000, true, sources, duplicates,
                malformed, EnumSet.allOf(Malformation.class));
        return new Traffic(settings, new Senders(40, 20, 12, Scenario.DOMAIN_DEGRADES), shapes(), new Random(seed), sink,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
    }

    private static List<String> fingerprint(List<SourceRecord> records) {
        return records.stream().map(r -> r.key() + " " + r.eventTime() + " " + new String(r.value(), StandardCharsets.UTF_8))
                .collect(Collectors.toList());
    }

    @Test
    void aSeededHistoryRunWritesTheSameRecordsEveryTime() throws Exception {
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        RecordingSink c = new RecordingSink();
        history(42, ALL, 60, 100, 0.02, 0.01, a);
        history(42, ALL, 60, 100, 0.02, 0.01, b);
        history(43, ALL, 60, 100, 0.02, 0.01, c);
        assertThat(a.records).hasSizeGreaterThan(5_000);
        assertThat(fingerprint(a.records)).isEqualTo(fingerprint(b.records));
        assertThat(fingerprint(a.records)).isNotEqualTo(fingerprint(c.records));
        assertThat(a.finished).isTrue();
    }

    @Test
    void historyCoversItsRangeAtTheRateAndStopsAtItsEnd() throws Exception {
        RecordingSink sink = new RecordingSink();
        Traffic.Counts counts = history(1, ALL, 120, 200, 0.02, 0.002, sink);
        // Events of messages sent near the end that would come after it are not written; the
        // business's decisions, written first, were made days before.
        assertThat(sink.records.subList(0, DECISIONS)).allSatisfy(r -> assertThat(isDecision(r)).isTrue());
        assertThat(sink.records.subList(DECISIONS, sink.records.size()))
                .allSatisfy(r -> assertThat(r.eventTime()).isBetween(START, START + 120_000 - 1));
        assertThat(sink.records.size() / 120.0).isCloseTo(200 * 1.02, within(12.0));
        assertThat(counts.records()).isEqualTo(sink.records.size());
        assertThat(counts.bySource().keySet()).containsExactlyInAnyOrderElementsOf(ALL);
        for (String source : ALL) {
            assertThat(counts.bySource().get(source) / (double) counts.records()).isCloseTo(0.25, within(0.05));
        }
    }

    @Test
    void duplicatesResendTheSameRecordAndMalformedOnesAreMixedIn() throws Exception {
        RecordingSink sink = new RecordingSink();
        Traffic.Counts counts = history(2, List.of(Sources.SENDGRID), 60, 200, 0.05, 0.03, sink);
        Map<String, Integer> seen = new HashMap<>();
        for (SourceRecord r : sink.records) {
            seen.merge(r.key() + new String(r.value(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        long resent = seen.values().stream().filter(v -> v > 1).count();
        assertThat(counts.duplicates()).isEqualTo(resent);
        assertThat(counts.duplicates() / (double) counts.records()).isCloseTo(0.05, within(0.01));
        assertThat(counts.malformed() / (double) counts.records()).isCloseTo(0.03, within(0.008));
        long truncated = sink.records.stream().filter(SourceRecord::truncated).count();
        long missingId = sink.records.stream().filter(r -> r.key().equals("sendgrid")).count();
        long unknown = sink.records.stream().filter(r -> !r.truncated() && r.body().path("event").asText().equals("bounced")).count();
        assertThat(truncated).isPositive();
        assertThat(missingId).isPositive();
        assertThat(unknown).isPositive();
        assertThat(sink.records).allSatisfy(r -> assertThat(r.source()).isEqualTo(Sources.SENDGRID));
    }

    @Test
    void theIntakeIsNeverSentTruncatedJson() throws Exception {
        RecordingSink sink = new RecordingSink();
        Traffic.Settings settings = new Traffic.Settings(200, START, START + 30_000, true, ALL, 0, 0.2,
                EnumSet.of(Malformation.UNKNOWN_EVENT_TYPE, Malformation.MISSING_ID));
        new Traffic(settings, new Senders(5, 5, 5, Scenario.NONE), shapes(), new Random(3), sink,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        assertThat(sink.records).noneMatch(SourceRecord::truncated);
        assertThat(sink.records).allSatisfy(r -> Json.MAPPER.readTree(r.value()));
    }

    @Test
    void liveTrafficHasEventTimesOfNow() throws Exception {
        RecordingSink sink = new RecordingSink();
        long before = System.currentTimeMillis();
        Traffic.Settings settings = new Traffic.Settings(400, before, before + 1_500, false, ALL, 0.02, 0.002,
                EnumSet.allOf(Malformation.class));
        new Traffic(settings, new Senders(40, 20, 12, Scenario.NONE), shapes(), new Random(), sink,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        long after = System.currentTimeMillis();
        assertThat(after - before).isBetween(1_400L, 4_000L);
        assertThat(sink.records.size()).isBetween(200, 800);
        // SendGrid's times are whole seconds.
        assertThat(sink.records.stream().filter(r -> !isDecision(r)))
                .allSatisfy(r -> assertThat(r.eventTime()).isBetween(before / 1000 * 1000, after));
        assertThat(sink.records.stream().filter(TrafficTest::isDecision)).hasSize(DECISIONS);
    }

    @Test
    void kafkaSinkWritesEachSourceToItsTopicKeyedAsTheIntakeKeysThem() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        KafkaSink sink = new KafkaSink(producer, "ph", "prov", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        RecordingSink recorded = new RecordingSink();
        history(4, ALL, 20, 100, 0.02, 0.01, new Sink() {
            @Override
            public void accept(SourceRecord record) {
                sink.accept(record);
                recorded.accept(record);
            }

            @Override
            public void finish() {
                sink.finish();
            }
        });
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize(recorded.records.size());
        assertThat(producer.closed()).isTrue();
        for (int i = 0; i < sent.size(); i++) {
            ProducerRecord<String, byte[]> p = sent.get(i);
            SourceRecord r = recorded.records.get(i);
            assertThat(p.timestamp()).isEqualTo(r.eventTime());
            assertThat(p.value()).isEqualTo(r.value());
            if (r.source().equals(Sources.POSTHOG)) {
                assertThat(p.topic()).isEqualTo("ph");
                assertThat(p.key()).isNull();
            } else {
                assertThat(p.topic()).isEqualTo("prov");
                assertThat(p.key()).matches(r.source() + "(:.+)?");
            }
        }
        Set<String> keyPrefixes = sent.stream().filter(p -> p.key() != null).map(p -> p.key().split(":")[0]).collect(Collectors.toSet());
        assertThat(keyPrefixes).containsExactlyInAnyOrder("sendgrid", "mailgun", "ses");
    }

    /** The decisions {@link DemoDecisions} writes at the start of every run with PostHog. */
    static final int DECISIONS = 7;

    static boolean isDecision(SourceRecord r) {
        return "strategic_decision_event".equals(r.body().path("event").asText());
    }
}
