package dev.revguard.query.risk;

import java.time.Instant;

/** A row of {@code risk_snapshot}. */
public record SnapshotRow(
        String dimension,
        String dimensionValue,
        Instant windowFrom,
        Instant evaluatedAt,
        long sent,
        long delivered,
        long bounced,
        long spamComplaints,
        Double bounceRate,
        Double spamRate,
        Double deliverabilityRate,
        double monthlyVolume,
        double revenueRiskUsd,
        String severity,
        String policy,
        Instant updatedAt) {}
