package dev.revguard.query.cost;

import java.util.List;

/**
 * The Cost Optimization Center's ROI achievement: the decisions of type {@code cost_optimization} with the
 * savings their targets promise against the savings their actuals give, both by the decisions' ROI rule (dollars
 * a month, cents). A decision's figures are Σ of its outcomes' (null when none has a dollar value); the totals Σ of
 * the decisions' (0 when none).
 *
 * @param decisions newest decided_at first
 */
public record RoiAchievement(List<DecisionSavings> decisions, double expectedSavingsPerMonthUsd,
        double actualSavingsPerMonthUsd) {

    public static final RoiAchievement NONE = new RoiAchievement(List.of(), 0, 0);

    /** @param achievement actual ÷ expected; null when the expected savings are null or 0 */
    public record DecisionSavings(String decisionId, String title, String status, Double costUsd,
            Double expectedSavingsPerMonthUsd, Double actualSavingsPerMonthUsd, Double achievement,
            List<OutcomeSavings> outcomes) {}

    public record OutcomeSavings(String kpi, double baseline, double target, Double actual,
            Double expectedSavingsPerMonthUsd, Double actualSavingsPerMonthUsd) {}
}
