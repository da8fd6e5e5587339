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
        long dataAgeSeconds) {

    public static String colour(String severity) {
        Severity s = Severity.ofLabel(severity);
        return s == null ? Severity.INSUFFICIENT_DATA.colour() : s.colour();
    }

    static Gauge of(SnapshotRow r, Instant now) {
        return new Gauge(r.dimension(), r.dimensionValue(), r.severity(), colour(r.severity()), r.bounceRate(),
                r.spamRate(), r.deliverabilityRate(), Money.cents(r.revenueRiskUsd()), r.monthlyVolume(), r.sent(), r.delivered(),
                r.bounced(), r.spamComplaints(), r.policy(), r.windowFrom(), r.evaluatedAt(), r.updatedAt(),
                Math.max(0, now.getEpochSecond() - r.updatedAt().getEpochSecond()));
    }
}
