package dev.revguard.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.source.Parsed.Kind;
import dev.revguard.job.source.posthog.PostHogParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Events whose text PostgreSQL cannot hold (a NUL character; a key value too large for an index entry, which
 * failed the job's sinks at every retry when fuzzed records reached them) are dead letters, not rows.
 */
class StorableTextTest {
    private final PostHogParser parser = new PostHogParser();

    private Parsed outcome(String accountJson, String domainJson) {
        return parser.parse(("{\"uuid\":\"u-1\",\"event\":\"email_deliverability_event\",\"timestamp\":\"2026-03-02T16:03:05Z\","
                + "\"properties\":{\"status\":\"sent\",\"account_id\":" + accountJson + ",\"sending_domain\":" + domainJson
                + "}}").getBytes(StandardCharsets.UTF_8));
    }

    private Parsed decision(String properties) {
        return parser.parse(("{\"uuid\":\"u-2\",\"event\":\"strategic_decision_event\",\"timestamp\":\"2026-03-02T16:03:05Z\","
                + "\"properties\":{" + properties + "}}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNulCharacterInADimensionIsAnInvalidField() {
        Parsed p = outcome("\"acct\\u0000-1\"", "\"mail.example.com\"");
        assertThat(p.kind()).isEqualTo(Kind.DEAD_LETTER);
        assertThat(p.reason()).isEqualTo(Reasons.INVALID_FIELD);
        assertThat(p.detail()).startsWith("account_id: not storable");
    }

    @Test
    void aDimensionValueTooLargeForAnIndexEntryIsAnInvalidFieldAndOneThatFitsIsCounted() {
        String fits = "\"" + "é".repeat(StorableText.MAX_KEY_BYTES / 2) + "\"";
        String over = "\"" + "é".repeat(StorableText.MAX_KEY_BYTES / 2) + "x\"";
        assertThat(outcome("\"acct-1\"", fits).kind()).isEqualTo(Kind.EVENTS);
        Parsed p = outcome("\"acct-1\"", over);
        assertThat(p.kind()).isEqualTo(Kind.DEAD_LETTER);
        assertThat(p.reason()).isEqualTo(Reasons.INVALID_FIELD);
        assertThat(p.detail()).startsWith("sending_domain: not storable");
        assertThat(outcome("\"" + "a".repeat(100_000) + "\"", "\"mail\\u0000.example.com\"").detail())
                .startsWith("account_id, sending_domain: not storable");
    }

    @Test
    void aDecisionWithTextTheTablesCannotHoldIsAnInvalidField() {
        String outcomes = "\"expected_outcomes\":[{\"kpi\":\"sent\",\"baseline\":1,\"target\":2,\"due\":\"2026-05-01\"}]";
        assertThat(decision("\"decision_id\":\"d-1\"," + outcomes + ",\"title\":\"a\\u0000b\"").detail())
                .startsWith("title: not storable");
        assertThat(decision("\"decision_id\":\"" + "d".repeat(2000) + "\"," + outcomes).detail())
                .startsWith("decision_id: not storable");
        assertThat(decision("\"decision_id\":\"d-1\",\"expected_outcomes\":[{\"kpi\":\"se\\u0000nt\",\"baseline\":1,"
                + "\"target\":2,\"due\":\"2026-05-01\"}]").detail()).startsWith("expected_outcomes: not storable");
        assertThat(decision("\"decision_id\":\"d-1\"," + outcomes + ",\"title\":\"Move the pool\"").kind())
                .isEqualTo(Kind.DECISION);
    }

    @Test
    void theKeyLimitCountsUtf8BytesNotChars() {
        assertThat(StorableText.storable("é".repeat(512), true)).as("1,024 bytes").isTrue();
        assertThat(StorableText.storable("é".repeat(513), true)).as("1,026 bytes").isFalse();
        assertThat(StorableText.storable("€".repeat(341), true)).as("1,023 bytes").isTrue();
        assertThat(StorableText.storable("€".repeat(342), true)).as("1,026 bytes").isFalse();
        assertThat(StorableText.storable("😀".repeat(256), true)).as("1,024 bytes in 512 chars").isTrue();
        assertThat(StorableText.storable("😀".repeat(257), true)).isFalse();
        assertThat(StorableText.storable("a".repeat(5000), false)).as("not a key: any length").isTrue();
        assertThat(StorableText.storable("a\u0000", false)).isFalse();
        assertThat(StorableText.storable(null, true)).isTrue();
    }
}
