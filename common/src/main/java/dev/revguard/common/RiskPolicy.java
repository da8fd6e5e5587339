package dev.revguard.common;

import java.io.Serializable;
import java.util.List;

/**
 * Severity thresholds for the bounce and spam rates, plus the minimum volume below which there
 * is not enough data to judge.
 */
public record RiskPolicy(
        String name,
        Threshold bounceMonitor,
        Threshold bounceWarning,
        Threshold bounceCritical,
        Threshold spamMonitor,
        Threshold spamWarning,
        Threshold spamCritical,
        long minimumVolume) implements Serializable {

    public static final long DEFAULT_MINIMUM_VOLUME = 100;

    /** The dashboard specification's thresholds (the default). */
    public static final RiskPolicy SEED = new RiskPolicy("seed",
            Threshold.atLeast(0.05), Threshold.atLeast(0.10), Threshold.above(0.15),
            Threshold.atLeast(0.01), Threshold.atLeast(0.015), Threshold.above(0.02),
            DEFAULT_MINIMUM_VOLUME);

    /** Gmail/Yahoo 2024 bulk-sender guidance. */
    public static final RiskPolicy MAILBOX_2024 = new RiskPolicy("mailbox-2024",
            Threshold.atLeast(0.02), Threshold.atLeast(0.04), Threshold.above(0.05),
            Threshold.atLeast(0.001), Threshold.atLeast(0.002), Threshold.atLeast(0.003),
            DEFAULT_MINIMUM_VOLUME);

    public static final List<RiskPolicy> NAMED = List.of(SEED, MAILBOX_2024);

    public static RiskPolicy named(String name) {
        for (RiskPolicy p : NAMED) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The severity of a volume and its rates. Below the minimum volume, or with no rate at all,
     * there is not enough data.
     */
    public Severity classify(long sent, Double bounceRate, Double spamRate) {
        if (sent < minimumVolume || (bounceRate == null && spamRate == null)) {
            return Severity.INSUFFICIENT_DATA;
        }
        if (bounceCritical.reachedBy(bounceRate) || spamCritical.reachedBy(spamRate)) {
            return Severity.CRITICAL;
        }
        if (bounceWarning.reachedBy(bounceRate) || spamWarning.reachedBy(spamRate)) {
            return Severity.WARNING;
        }
        if (bounceMonitor.reachedBy(bounceRate) || spamMonitor.reachedBy(spamRate)) {
            return Severity.MONITOR;
        }
        return Severity.HEALTHY;
    }
}
