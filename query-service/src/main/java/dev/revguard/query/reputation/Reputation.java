package dev.revguard.query.reputation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/reputation}: every value of the dimension with sends in the last
 * 14 days, rated over the trailing 7 days and the 7 before, worst first.
 */
public record Reputation(
        String dimension,
        Instant asOf,
        Window window,
        Window previousWindow,
        String formula,
        Thresholds thresholds,
        Map<String, Long> counts,
        List<Value> values) {

    public record Window(Instant from, Instant to) {}

    public record Rates(double spamRate, double bounceRate) {}

    public record Thresholds(Rates bad, Rates low, Rates medium, long minSent) {
        static Thresholds of(ReputationSettings t) {
            return new Thresholds(new Rates(t.badSpamRate(), t.badBounceRate()), new Rates(t.lowSpamRate(), t.lowBounceRate()),
                    new Rates(t.mediumSpamRate(), t.mediumBounceRate()), t.minSent());
        }
    }

    /** One value: its category and score over the trailing 7 days with their counts, the previous 7 days, the trend. */
    public record Value(
            String value,
            String category,
            Integer score,
            long sent,
            long delivered,
            long bounced,
            long spamComplaints,
            Double bounceRate,
            Double spamRate,
            Previous previous,
            String trend) {}

    public record Previous(String category, Integer score, long sent, Double bounceRate, Double spamRate) {}
}
