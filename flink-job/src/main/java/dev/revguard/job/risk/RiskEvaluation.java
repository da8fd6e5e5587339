package dev.revguard.job.risk;

import dev.revguard.common.RiskPolicy;
import dev.revguard.common.Severity;
import dev.revguard.job.window.OutcomeCounts;
import java.time.Duration;

/**
 * Rates, projected volume, revenue risk and severity of the counts of one evaluation window.
 * Pure: the formulas of the specification and nothing else.
 */
public record RiskEvaluation(
        OutcomeCounts counts,
        Double bounceRate,
        Double spamRate,
        Double deliverabilityRate,
        double monthlyVolume,
        double revenueRiskUsd,
        Severity severity) {

    static final Duration MONTH = Duration.ofDays(30);

    public static RiskEvaluation evaluate(
            OutcomeCounts c, Duration evaluationWindow, RiskPolicy policy, RiskPrices prices) {
        Double bounceRate = ratio(c.bounced(), c.sent());
        Double deliverabilityRate = ratio(c.delivered(), c.sent());
        // Mailbox providers count complaints against delivered mail.
        Double spamRate = ratio(c.spamComplaints(), c.delivered());
        double monthlyVolume = c.sent() * ((double) MONTH.toMillis() / evaluationWindow.toMillis());
        double risk = (orZero(bounceRate) * prices.bounceUsd() + orZero(spamRate) * prices.spamUsd())
                * monthlyVolume;
        Severity severity = policy.classify(c.sent(), bounceRate, spamRate);
        return new RiskEvaluation(c, bounceRate, spamRate, deliverabilityRate, monthlyVolume, risk, severity);
    }

    /** A rate with a zero denominator is null. */
    static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    private static double orZero(Double d) {
        return d == null ? 0.0 : d;
    }
}
