package dev.revguard.query.reputation;

import dev.revguard.query.history.Counts;
import java.util.List;

/** The reputation category, score and trend of one value's counts: pure functions of the counts and the thresholds. */
public final class Rating {
    public static final String BAD = "bad";
    public static final String LOW = "low";
    public static final String MEDIUM = "medium";
    public static final String HIGH = "high";
    public static final String INSUFFICIENT_DATA = "insufficient_data";
    /** Worst first, as the answer lists values. */
    public static final List<String> CATEGORIES = List.of(BAD, LOW, MEDIUM, HIGH, INSUFFICIENT_DATA);
    /** A score change smaller than this is {@code steady}. */
    public static final int TREND_POINTS = 5;

    private Rating() {}

    /** {@code insufficient_data} under the minimum sent; else the first of bad, low, medium that either rate reaches; else high. */
    public static String category(Counts c, ReputationSettings t) {
        if (c.sent() < t.minSent()) {
            return INSUFFICIENT_DATA;
        }
        Double spam = c.spamRate();
        Double bounce = c.bounceRate();
        if (reaches(spam, t.badSpamRate()) || reaches(bounce, t.badBounceRate())) {
            return BAD;
        }
        if (reaches(spam, t.lowSpamRate()) || reaches(bounce, t.lowBounceRate())) {
            return LOW;
        }
        if (reaches(spam, t.mediumSpamRate()) || reaches(bounce, t.mediumBounceRate())) {
            return MEDIUM;
        }
        return HIGH;
    }

    private static boolean reaches(Double rate, double threshold) {
        return rate != null && rate >= threshold;
    }

    /** The score, or null for {@code insufficient_data}. */
    public static Integer score(Counts c, ReputationSettings t) {
        return c.sent() < t.minSent() ? null : score(c.spamRate(), c.bounceRate(), t);
    }

    /**
     * {@code round(100 × max(0, 1 − 0.6 × min(1, spam_rate / bad spam) − 0.4 × min(1, bounce_rate / bad bounce)))};
     * a null rate (no deliveries, no sends) counts as 0.
     */
    public static int score(Double spamRate, Double bounceRate, ReputationSettings t) {
        double spam = spamRate == null ? 0 : Math.min(1, spamRate / t.badSpamRate());
        double bounce = bounceRate == null ? 0 : Math.min(1, bounceRate / t.badBounceRate());
        double raw = 100 * Math.max(0, 1 - 0.6 * spam - 0.4 * bounce);
        // Rounded to a millionth first, so that a value a hand computes as x.5 is not x.4999999999 in binary.
        return (int) Math.round(Math.rint(raw * 1e6) / 1e6);
    }

    /**
     * {@code new} when the previous window has no category ({@code insufficient_data}); else by the
     * score's change: at least +5 {@code improving}, at least −5 {@code declining}, else {@code steady};
     * null when the current window has no score to compare.
     */
    public static String trend(Integer score, Integer previousScore) {
        if (previousScore == null) {
            return "new";
        }
        if (score == null) {
            return null;
        }
        int change = score - previousScore;
        return change >= TREND_POINTS ? "improving" : change <= -TREND_POINTS ? "declining" : "steady";
    }

    /** The formula with the configured denominators. */
    public static String formula(ReputationSettings t) {
        return "round(100 × max(0, 1 − 0.6 × min(1, spam_rate / " + number(t.badSpamRate())
                + ") − 0.4 × min(1, bounce_rate / " + number(t.badBounceRate()) + ")))";
    }

    private static String number(double d) {
        String s = java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        int dot = s.indexOf('.');
        return dot < 0 ? s + ".00" : s.length() - dot == 2 ? s + "0" : s;
    }
}
