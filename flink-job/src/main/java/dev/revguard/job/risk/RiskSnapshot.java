package dev.revguard.job.risk;

import dev.revguard.common.RiskPolicy;
import dev.revguard.job.window.OutcomeCounts;

/**
 * One row of {@code risk_snapshot}: the latest evaluation of a dimension value over the
 * trailing window {@code [windowFrom, evaluatedAt)} (event time).
 *
 * @param settled true when every minute of the window is final (the watermark has passed it), so
 *     the evaluation will not change unless late events arrive; alerts follow settled evaluations
 *     only, which makes them the same in a live run and in a replay
 */
public record RiskSnapshot(
        String dimension,
        String value,
        long windowFrom,
        long evaluatedAt,
        OutcomeCounts counts,
        Double bounceRate,
        Double spamRate,
        Double deliverabilityRate,
        double monthlyVolume,
        double revenueRiskUsd,
        String severity,
        String policy,
        boolean settled) {

    public static RiskSnapshot of(
            String dimension, String value, long windowFrom, long evaluatedAt, RiskEvaluation e,
            RiskPolicy policy, boolean settled) {
        return new RiskSnapshot(dimension, value, windowFrom, evaluatedAt, e.counts(), e.bounceRate(),
                e.spamRate(), e.deliverabilityRate(), e.monthlyVolume(), e.revenueRiskUsd(),
                e.severity().label(), policy.name(), settled);
    }
}
