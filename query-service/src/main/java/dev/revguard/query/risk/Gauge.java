package dev.revguard.query.risk;

import dev.revguard.common.Severity;
import dev.revguard.query.web.Money;
import java.time.Instant;

/** The risk gauge of one dimension value: the latest evaluation and how old it is. */
public record Gauge(
        String dimension,
        String value,
        String severity,
        String colour,
        Double bounceRate,
        Double spamRate,
        Double deliverabilityRate,
        double revenueRiskUsd,
        double monthlyVolume,
        long sent,
        long delivered,
        long bounced,
        long spamComplaints,
        String policy,
        Instant windowFrom,
        Instant evaluatedAt,
        Instant updatedAt,
        long dataAgeSeconds,
        Reputation reputation) {

    /**
     * The value's IP or domain reputation over the trailing 7 days, as {@code GET /api/v1/reputation}
     * rates it; null for other dimensions and for values without sends in the last 14 days.
     */
    public record Reputation(String category, Integer score, long sent, Double bounceRate, Double spamRate, String trend) {}

    /** The value's reputation, or null; fast (from the reputation panel's cached answer). */
    @FunctionalInterface
    public interface ReputationLookup {
        ReputationLookup NONE = (dimension, value) -> null;

        Reputation of(String dimension, String value);
    }

    Gauge withReputation(Reputation r) {
        return new Gauge(dimension, value, severity, colour, bounceRate, spamRate, deliverabilityRate, revenueRiskUsd,
                monthlyVolume, sent, delivered, bounced, spamComplaints, policy, windowFrom, evaluatedAt, updatedAt,
                dataAgeSeconds, r);
    }

    public static String colour(String severity) {
        Severity s = Severity.ofLabel(severity);
        return s == null ? Severity.INSUFFICIENT_DATA.colour() : s.colour();
    }

    static Gauge of(SnapshotRow r, Instant now) {
        return new Gauge(r.dimension(), r.dimensionValue(), r.severity(), colour(r.severity()), r.bounceRate(),
                r.spamRate(), r.deliverabilityRate(), Money.cents(r.revenueRiskUsd()), r.monthlyVolume(), r.sent(), r.delivered(),
                r.bounced(), r.spamComplaints(), r.policy(), r.windowFrom(), r.evaluatedAt(), r.updatedAt(),
                Math.max(0, now.getEpochSecond() - r.updatedAt().getEpochSecond()), null);
    }
}
