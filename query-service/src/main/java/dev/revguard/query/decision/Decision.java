package dev.revguard.query.decision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One strategic decision as the tracker answers it: the decision log's row, its review flag, every expected
 * outcome against its actual (see {@link OutcomeMath}) and what the changes are worth (see {@link Roi}).
 *
 * @param review {@code overdue} (review_date before today, UTC), {@code due_soon} (within 7 days) or null
 * @param needsReview whether any outcome is {@code at_risk} or {@code missed}
 */
public record Decision(String decisionId, String decisionType, String maker, String title, Instant decidedAt,
        LocalDate reviewDate, String status, Double costUsd, Scope scope, String review, boolean needsReview,
        List<Outcome> outcomes, RoiFigures roi) {

    /** The traffic a decision is about: a dimension and its value ({@code all}/{@code all} for all traffic). */
    public record Scope(String dimension, String value) {}

    /** {@code [from, to)}. */
    public record Window(Instant from, Instant to) {}

    /**
     * An expected outcome against what happened.
     *
     * @param actual the KPI over {@code window}, the 7 days ending at min(now, due 00:00), in the decision's scope;
     *     null when there is nothing to compute it from ({@code inputs.reason} says why)
     * @param inputs what the actual came from
     */
    public record Outcome(String kpi, double baseline, double target, LocalDate due, Double actual, Window window,
            Map<String, Object> inputs, Double progress, double elapsedFraction, String status,
            OutcomeMath.Projection projection) {}

    /** What the decision's changes are worth a month against its cost. */
    public record RoiFigures(Double valuePerMonthUsd, Double costUsd, Double roi, double monthlyVolume, String rule,
            List<Term> terms) {}

    /** One outcome's share of the value: null for KPIs without a dollar value, or without an actual. */
    public record Term(String kpi, double baseline, Double actual, Double priceUsd, Double valuePerMonthUsd) {}
}
