package dev.revguard.query.alert;

import java.time.Instant;

/** A row of {@code alerts}. */
public record AlertRow(
        String alertId,
        String dimension,
        String dimensionValue,
        String status,
        String severity,
        String currentSeverity,
        Instant startedAt,
        Instant endedAt,
        Instant lastChangeAt,
        long sent,
        Double bounceRate,
        Double spamRate,
        Double deliverabilityRate,
        double revenueRiskUsd,
        String acknowledgedBy,
        Instant acknowledgedAt) {}
