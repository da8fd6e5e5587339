package dev.revguard.query.decision;

import dev.revguard.query.web.Money;
import java.util.List;
import java.util.Objects;

/**
 * What a decision's changes are worth (SPEC, "Decisions"): value per month = Σ over its outcomes of
 * <ul>
 *   <li>bounce_rate, spam_rate: (baseline − actual) × monthly volume × the risk price (bounce 0.05, spam 0.25);</li>
 *   <li>deliverability_rate: (actual − baseline) × monthly volume × the bounce price;</li>
 *   <li>cost_per_email_usd: (baseline − actual) × monthly volume;</li>
 *   <li>total_cost_usd, revenue_risk_usd, mrr_at_risk_usd (dollars a month already): baseline − actual;</li>
 *   <li>sent, efficiency_score: no dollar value (the term's value is null);</li>
 * </ul>
 * with monthly volume = the scope's 7-day sent × 30/7; roi = (value − cost_usd) ÷ cost_usd, null when cost_usd
 * is null or 0, or when no term has a value.
 */
public final class Roi {
    public static final String RULE = "value per month = Σ (baseline − actual) × monthly volume × price for bounce_rate "
            + "(bounce price) and spam_rate (spam price); (actual − baseline) × monthly volume × bounce price for "
            + "deliverability_rate; (baseline − actual) × monthly volume for cost_per_email_usd; baseline − actual for "
            + "total_cost_usd, revenue_risk_usd and mrr_at_risk_usd; sent and efficiency_score have no dollar value. "
            + "monthly volume = the scope's 7-day sent × 30/7; roi = (value − cost_usd) ÷ cost_usd";

    /** The risk prices: dollars per bounce and per complaint. */
    public record Prices(double bounceUsd, double spamUsd) {}

    private Roi() {}

    /** The dollars a unit change of the KPI is worth a month; null when the KPI has no dollar value. */
    public static Double factor(Kpi kpi, double monthlyVolume, Prices prices) {
        if (kpi == null) {
            return null;
        }
        return switch (kpi.worth()) {
            case BOUNCE_PRICED -> monthlyVolume * prices.bounceUsd();
            case SPAM_PRICED -> monthlyVolume * prices.spamUsd();
            case PER_EMAIL -> monthlyVolume;
            case PER_MONTH -> 1.0;
            case NONE -> null;
        };
    }

    /** The risk price a rate KPI is valued at; null for the others. */
    public static Double price(Kpi kpi, Prices prices) {
        if (kpi == null) {
            return null;
        }
        return switch (kpi.worth()) {
            case BOUNCE_PRICED -> prices.bounceUsd();
            case SPAM_PRICED -> prices.spamUsd();
            default -> null;
        };
    }

    /** Dollars a month of moving the KPI from {@code baseline} to {@code to}, unrounded; null without a value. */
    public static Double value(Kpi kpi, double baseline, Double to, double monthlyVolume, Prices prices) {
        Double factor = factor(kpi, monthlyVolume, prices);
        if (factor == null || to == null) {
            return null;
        }
        return kpi.valueSign() * (to - baseline) * factor;
    }

    /** Dollars a month the distance between actual and target costs: |actual − target| × the factor. */
    public static Double shortfall(Kpi kpi, Double actual, double target, double monthlyVolume, Prices prices) {
        Double factor = factor(kpi, monthlyVolume, prices);
        if (factor == null || actual == null) {
            return null;
        }
        return Math.abs(actual - target) * factor;
    }

    /** Σ of the values in cents, null terms skipped; null when every term is null. */
    public static Double total(List<Double> centValues) {
        List<Double> present = centValues.stream().filter(Objects::nonNull).toList();
        return present.isEmpty() ? null : Money.cents(present.stream().mapToDouble(Double::doubleValue).sum());
    }

    /** (value − cost) ÷ cost; null when the cost is null or 0, or there is no value. */
    public static Double roi(Double valuePerMonth, Double costUsd) {
        if (valuePerMonth == null || costUsd == null || costUsd == 0) {
            return null;
        }
        return (valuePerMonth - costUsd) / costUsd;
    }
}
