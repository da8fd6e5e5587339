package dev.revguard.query.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.revguard.query.risk.Gauge;
import dev.revguard.query.web.Money;
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
        Instant acknowledgedAt) {

    public AlertRow {
        revenueRiskUsd = Money.cents(revenueRiskUsd);
    }

    /** The severity's colour, as the gauge's. */
    @JsonProperty("colour")
    public String colour() {
        return Gauge.colour(severity);
    }
}
