package dev.revguard.query.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.query.history.Counts;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Categories, scores and trends computed by hand from SPEC's definitions with the default thresholds. */
class ReputationRatingTest {
    private static final ReputationSettings T = ReputationSettings.DEFAULTS;

    /** 10,000 sent, all delivered, {@code spam} complaints: spam_rate = spam / 10,000, bounce_rate 0. */
    private static Counts spam(long spam) {
        return new Counts("v", 10_000, 10_000, 0, 0, 0, 0, spam);
    }

    /** 10,000 sent, {@code bounced} bounced, the rest delivered, no complaints: bounce_rate = bounced / 10,000. */
    private static Counts bounced(long bounced) {
        return new Counts("v", 10_000, 10_000 - bounced, bounced, 0, 0, 0, 0);
    }

    @Test
    void eachSpamThresholdIsReachedExactlyAtItsValue() {
        assertThat(Rating.category(spam(30), T)).isEqualTo("bad");    // 30 / 10,000 = 0.3 %
        assertThat(Rating.category(spam(29), T)).isEqualTo("low");    // 0.29 % < 0.3 %, ≥ 0.1 %
        assertThat(Rating.category(spam(10), T)).isEqualTo("low");    // 0.1 %
        assertThat(Rating.category(spam(9), T)).isEqualTo("medium");  // 0.09 %, ≥ 0.05 %
        assertThat(Rating.category(spam(5), T)).isEqualTo("medium");  // 0.05 %
        assertThat(Rating.category(spam(4), T)).isEqualTo("high");    // 0.04 %
        assertThat(Rating.category(spam(0), T)).isEqualTo("high");
    }

    @Test
    void eachBounceThresholdIsReachedExactlyAtItsValue() {
        assertThat(Rating.category(bounced(1000), T)).isEqualTo("bad");   // 1,000 / 10,000 = 10 %
        assertThat(Rating.category(bounced(999), T)).isEqualTo("low");    // 9.99 %, ≥ 5 %
        assertThat(Rating.category(bounced(500), T)).isEqualTo("low");    // 5 %
        assertThat(Rating.category(bounced(499), T)).isEqualTo("medium"); // 4.99 %, ≥ 2 %
        assertThat(Rating.category(bounced(200), T)).isEqualTo("medium"); // 2 %
        assertThat(Rating.category(bounced(199), T)).isEqualTo("high");   // 1.99 %
    }

    @Test
    void theWorseOfTheTwoRatesDecides() {
        // bounce 1 % (high) but spam 9 / 9,900 = 0.091 % (medium)
        assertThat(Rating.category(new Counts("v", 10_000, 9_900, 100, 0, 0, 0, 9), T)).isEqualTo("medium");
        // no deliveries: spam_rate is null and only the bounce rate (100 %) counts
        assertThat(Rating.category(new Counts("v", 1_000, 0, 1_000, 0, 0, 0, 0), T)).isEqualTo("bad");
    }

    @Test
    void underTheMinimumSentThereIsNoCategoryAndNoScore() {
        Counts c999 = new Counts("v", 999, 999, 0, 0, 0, 0, 0);
        Counts c1000 = new Counts("v", 1_000, 1_000, 0, 0, 0, 0, 0);
        assertThat(Rating.category(c999, T)).isEqualTo("insufficient_data");
        assertThat(Rating.score(c999, T)).isNull();
        assertThat(Rating.category(c1000, T)).isEqualTo("high");
        assertThat(Rating.score(c1000, T)).isEqualTo(100);
    }

    @Test
    void scoresByHand() {
        // 100 × (1 − 0.6 × 0.0015/0.003 − 0.4 × 0.05/0.10) = 100 × (1 − 0.3 − 0.2) = 50
        assertThat(Rating.score(0.0015, 0.05, T)).isEqualTo(50);
        // 100 × (1 − 0.6 × 0.00026/0.003 − 0.4 × 0.058/0.10) = 100 × (1 − 0.052 − 0.232) = 71.6 → 72
        assertThat(Rating.score(0.00026, 0.058, T)).isEqualTo(72);
        // 100 × (1 − 0.6 × 0.000375/0.003 − 0.4 × 0.5) = 100 × (1 − 0.075 − 0.2) = 72.5 → 73 (half up)
        assertThat(Rating.score(0.000375, 0.05, T)).isEqualTo(73);
        // spam clamped at 1: 100 × (1 − 0.6 × 1 − 0.4 × 0.5) = 20
        assertThat(Rating.score(0.006, 0.05, T)).isEqualTo(20);
        // both at the bad thresholds: 100 × (1 − 0.6 − 0.4) = 0; far beyond them: still 0, never negative
        assertThat(Rating.score(0.003, 0.10, T)).isEqualTo(0);
        assertThat(Rating.score(0.05, 0.9, T)).isEqualTo(0);
        // a null rate counts as 0: 100 × (1 − 0 − 0.4 × 0.5) = 80; both null: 100
        assertThat(Rating.score(null, 0.05, T)).isEqualTo(80);
        assertThat(Rating.score(null, null, T)).isEqualTo(100);
        // the denominators are the configured bad thresholds: 100 × (1 − 0.6 × 0.003/0.006 − 0.4 × 0.05/0.20) = 60
        ReputationSettings wider = new ReputationSettings(0.006, 0.20, 0.001, 0.05, 0.0005, 0.02, 1000);
        assertThat(Rating.score(0.003, 0.05, wider)).isEqualTo(60);
        assertThat(Rating.formula(wider)).isEqualTo(
                "round(100 × max(0, 1 − 0.6 × min(1, spam_rate / 0.006) − 0.4 × min(1, bounce_rate / 0.20)))");
        assertThat(Rating.formula(T)).isEqualTo(
                "round(100 × max(0, 1 − 0.6 × min(1, spam_rate / 0.003) − 0.4 × min(1, bounce_rate / 0.10)))");
    }

    @Test
    void theTrendIsTheScoreChangeOfAtLeastFivePoints() {
        assertThat(Rating.trend(80, 90)).isEqualTo("declining"); // −10
        assertThat(Rating.trend(85, 90)).isEqualTo("declining"); // −5
        assertThat(Rating.trend(86, 90)).isEqualTo("steady");    // −4
        assertThat(Rating.trend(94, 90)).isEqualTo("steady");    // +4
        assertThat(Rating.trend(95, 90)).isEqualTo("improving"); // +5
        assertThat(Rating.trend(80, null)).isEqualTo("new");     // the previous week had no category
        assertThat(Rating.trend(null, null)).isEqualTo("new");
        assertThat(Rating.trend(null, 90)).isNull();             // nothing to compare this week
    }

    @Test
    void valuesAreRatedWorstFirstAndCounted() {
        Instant now = Instant.parse("2026-11-24T12:00:30Z");
        Map<String, Counts> week = Map.of(
                // bounce 700/12,000 = 5.83 % (low), spam 3/11,500: 100 × (1 − 0.6 × 0.0870 − 0.4 × 0.5833) = 71.4 → 71
                "192.0.2.10", new Counts("192.0.2.10", 12_000, 11_500, 700, 0, 0, 0, 3),
                // bounce 1 %: 100 × (1 − 0.4 × 0.1) = 96, high
                "192.0.2.20", new Counts("192.0.2.20", 5_000, 4_900, 50, 0, 0, 0, 0),
                "192.0.2.30", new Counts("192.0.2.30", 999, 999, 0, 0, 0, 0, 0),
                // spam 6/1,900 = 0.316 % (bad): 100 × (1 − 0.6 × 1 − 0.4 × 0.5) = 20
                "192.0.2.40", new Counts("192.0.2.40", 2_000, 1_900, 100, 0, 0, 0, 6),
                "192.0.2.70", new Counts("192.0.2.70", 0, 0, 0, 0, 0, 0, 0));
        Map<String, Counts> previous = Map.of(
                // bounce 1 %, spam 1/10,800: 100 × (1 − 0.6 × 0.0309 − 0.04) = 94.1 → 94, high
                "192.0.2.10", new Counts("192.0.2.10", 11_000, 10_800, 110, 0, 0, 0, 1),
                // bounce 2 % (medium): 100 × (1 − 0.4 × 0.2) = 92
                "192.0.2.40", new Counts("192.0.2.40", 2_000, 1_960, 40, 0, 0, 0, 0),
                "192.0.2.50", new Counts("192.0.2.50", 3_000, 2_970, 30, 0, 0, 0, 0));
        Reputation r = ReputationController.rate("sending_ip", now, week, previous, T);
        assertThat(r.values()).extracting(Reputation.Value::value)
                .containsExactly("192.0.2.40", "192.0.2.10", "192.0.2.20", "192.0.2.30", "192.0.2.50");
        assertThat(r.values()).extracting(Reputation.Value::score).containsExactly(20, 71, 96, null, null);
        assertThat(r.values()).extracting(Reputation.Value::trend)
                .containsExactly("declining", "declining", "new", "new", null);
        assertThat(r.values().get(1).previous()).isEqualTo(new Reputation.Previous("high", 94, 11_000, 0.01, 1.0 / 10_800));
        assertThat(r.counts()).containsExactly(Map.entry("high", 1L), Map.entry("medium", 0L), Map.entry("low", 1L),
                Map.entry("bad", 1L), Map.entry("insufficient_data", 2L));
        assertThat(r.window()).isEqualTo(new Reputation.Window(now.minusSeconds(7 * 86400), now));
        assertThat(r.previousWindow()).isEqualTo(new Reputation.Window(now.minusSeconds(14 * 86400), now.minusSeconds(7 * 86400)));
    }
}
