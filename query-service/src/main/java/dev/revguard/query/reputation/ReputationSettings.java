package dev.revguard.query.reputation;

import dev.revguard.common.settings.Settings;
import java.util.Map;

/**
 * The reputation categories' thresholds, after Google Postmaster's: a value is {@code bad} at a spam
 * rate of {@code badSpamRate} or a bounce rate of {@code badBounceRate} or more, else {@code low} at
 * the low thresholds, else {@code medium} at the medium ones, else {@code high}; with fewer than
 * {@code minSent} sent in the 7 days it is {@code insufficient_data}. The score's denominators are
 * the bad thresholds.
 */
public record ReputationSettings(
        double badSpamRate,
        double badBounceRate,
        double lowSpamRate,
        double lowBounceRate,
        double mediumSpamRate,
        double mediumBounceRate,
        long minSent) {

    public static final ReputationSettings DEFAULTS = new ReputationSettings(0.003, 0.10, 0.001, 0.05, 0.0005, 0.02, 1000);

    /** Reads {@code REPUTATION_*}: each rate a fraction in (0, 1), bad ≥ low ≥ medium for spam and for bounce. */
    public static ReputationSettings read(Settings s) {
        ReputationSettings d = DEFAULTS;
        double badSpam = rate(s, "REPUTATION_BAD_SPAM_RATE", d.badSpamRate());
        double badBounce = rate(s, "REPUTATION_BAD_BOUNCE_RATE", d.badBounceRate());
        double lowSpam = rate(s, "REPUTATION_LOW_SPAM_RATE", d.lowSpamRate());
        double lowBounce = rate(s, "REPUTATION_LOW_BOUNCE_RATE", d.lowBounceRate());
        double mediumSpam = rate(s, "REPUTATION_MEDIUM_SPAM_RATE", d.mediumSpamRate());
        double mediumBounce = rate(s, "REPUTATION_MEDIUM_BOUNCE_RATE", d.mediumBounceRate());
        long minSent = s.longValue("REPUTATION_MIN_SENT", d.minSent(), 1);
        order(s, "SPAM", badSpam, lowSpam, mediumSpam);
        order(s, "BOUNCE", badBounce, lowBounce, mediumBounce);
        return new ReputationSettings(badSpam, badBounce, lowSpam, lowBounce, mediumSpam, mediumBounce, minSent);
    }

    private static double rate(Settings s, String name, double dflt) {
        Double v = s.parsed(name, dflt, "expected a fraction above 0 and below 1, such as 0.003 for 0.3 %", Double::valueOf);
        if (!(v > 0 && v < 1)) {
            s.problem(name + "=" + v + ": expected a fraction above 0 and below 1, such as 0.003 for 0.3 %");
            return dflt;
        }
        return v;
    }

    private static void order(Settings s, String kind, double bad, double low, double medium) {
        if (bad < low || low < medium) {
            s.problem("REPUTATION_BAD_" + kind + "_RATE=" + bad + ", REPUTATION_LOW_" + kind + "_RATE=" + low
                    + ", REPUTATION_MEDIUM_" + kind + "_RATE=" + medium + ": must not rise from bad to low to medium");
        }
    }

    public void describeInto(Map<String, String> m) {
        m.put("REPUTATION_BAD_SPAM_RATE", String.valueOf(badSpamRate));
        m.put("REPUTATION_BAD_BOUNCE_RATE", String.valueOf(badBounceRate));
        m.put("REPUTATION_LOW_SPAM_RATE", String.valueOf(lowSpamRate));
        m.put("REPUTATION_LOW_BOUNCE_RATE", String.valueOf(lowBounceRate));
        m.put("REPUTATION_MEDIUM_SPAM_RATE", String.valueOf(mediumSpamRate));
        m.put("REPUTATION_MEDIUM_BOUNCE_RATE", String.valueOf(mediumBounceRate));
        m.put("REPUTATION_MIN_SENT", String.valueOf(minSent));
    }
}
