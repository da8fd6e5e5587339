package dev.revguard.job.tools.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.Parsers;
import dev.revguard.job.ingest.ParserFactory;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.SourceParser;
import dev.revguard.job.source.Sources;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the generator writes is what the job reads: two minutes of seeded mixed history through
 * the job's own parsers (each record by its source, as the job chooses them) give dead letters only
 * for the generator's malformed records (and their resent copies), with the reason of their
 * malformation, every other record as outcomes or an ignored event, no provider send naming an IP,
 * every provider event naming its message, and Mailgun bodies whose HMAC verifies.
 */
class GeneratedRecordsParseTest {
    @Test
    void everyGeneratedRecordParsesAsTheGeneratorMeantIt() throws Exception {
        RecordingSink sink = new RecordingSink();
        Traffic.Counts counts = TrafficTest.history(11, TrafficTest.ALL, 120, 300, 0.02, 0.01, sink);
        Map<String, SourceParser> parsers = new HashMap<>();
        Map<String, ParserFactory> factories = new HashMap<>(Parsers.posthog());
        factories.putAll(Parsers.providers("k")); // TrafficTest signs Mailgun bodies with the key "k"
        factories.forEach((name, f) -> parsers.put(name, f.create()));

        long deadLetters = 0;
        Map<String, Long> reasons = new java.util.TreeMap<>();
        Set<String> seen = new HashSet<>();
        Map<String, Long> outcomesBySource = new HashMap<>();
        for (SourceRecord r : sink.records) {
            String source = r.key() == null ? Sources.POSTHOG : Sources.providerOfKey(r.key());
            assertThat(source).as("key %s", r.key()).isEqualTo(r.source());
            Parsed p = parsers.get(source).parse(r.value());
            if (p.kind() == Parsed.Kind.DEAD_LETTER) {
                // Only the generator's three malformations: cut off, an undocumented type or status, no id.
                if (r.truncated()) {
                    assertThat(p.reason()).isEqualTo("unparseable_json");
                } else {
                    assertThat(p.reason()).as("%s %s", source, p.detail())
                            .isIn("unknown_event_type", "unknown_status", "missing_event_id");
                }
                deadLetters++;
                reasons.merge(source + " " + p.reason() + " " + p.detail() + (r.truncated() ? " (truncated)" : ""), 1L, Long::sum);
                continue;
            }
            for (var e : p.events()) {
                if (seen.add(e.dedupKey())) {
                    outcomesBySource.merge(source, 1L, Long::sum);
                }
                if (e.fromProvider() && e.outcome() == Outcome.SENT) {
                    assertThat(e.sendingIp()).as("a provider's send names no IP").isNull();
                }
                if (e.fromProvider()) {
                    assertThat(e.messageId()).as("provider events name their message").isNotNull();
                }
            }
        }
        // A malformed record resent is counted by the generator as a duplicate, by the parser as another dead letter.
        assertThat(deadLetters).as("dead letters: %s", reasons)
                .isBetween(counts.malformed(), counts.malformed() + counts.duplicates());
        assertThat(counts.malformed()).isPositive();
        assertThat(outcomesBySource.keySet()).containsExactlyInAnyOrderElementsOf(List.of(
                Sources.POSTHOG, Sources.SENDGRID, Sources.MAILGUN, Sources.SES));
        assertThat(outcomesBySource.values()).allSatisfy(n -> assertThat(n).isGreaterThan(1000));
    }
}
