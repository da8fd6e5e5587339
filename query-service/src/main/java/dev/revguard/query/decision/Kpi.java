package dev.revguard.query.decision;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The KPIs a decision may name (SPEC, Strategic Decision Tracker), and how a change of each is worth
 * dollars a month under the ROI rule:
 * <ul>
 *   <li>{@link Worth#BOUNCE_PRICED} / {@link Worth#SPAM_PRICED}: a rate; (baseline − actual) × monthly volume
 *       × the risk price (for deliverability_rate (actual − baseline) × monthly volume × the bounce price);</li>
 *   <li>{@link Worth#PER_EMAIL}: dollars per email; (baseline − actual) × monthly volume;</li>
 *   <li>{@link Worth#PER_MONTH}: dollars per month; baseline − actual;</li>
 *   <li>{@link Worth#NONE}: no dollar value (sent, efficiency_score).</li>
 * </ul>
 */
public enum Kpi {
    BOUNCE_RATE(Worth.BOUNCE_PRICED, -1, true),
    SPAM_RATE(Worth.SPAM_PRICED, -1, true),
    DELIVERABILITY_RATE(Worth.BOUNCE_PRICED, +1, true),
    REVENUE_RISK_USD(Worth.PER_MONTH, -1, true),
    SENT(Worth.NONE, +1, true),
    COST_PER_EMAIL_USD(Worth.PER_EMAIL, -1, true),
    TOTAL_COST_USD(Worth.PER_MONTH, -1, true),
    EFFICIENCY_SCORE(Worth.NONE, +1, false),
    MRR_AT_RISK_USD(Worth.PER_MONTH, -1, false);

    /** How a change of the KPI is priced. */
    public enum Worth { BOUNCE_PRICED, SPAM_PRICED, PER_EMAIL, PER_MONTH, NONE }

    private final Worth worth;
    private final int valueSign;
    private final boolean dailyHistory;

    Kpi(Worth worth, int valueSign, boolean dailyHistory) {
        this.worth = worth;
        this.valueSign = valueSign;
        this.dailyHistory = dailyHistory;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Worth worth() {
        return worth;
    }

    /** +1 when a rise is worth money (deliverability), −1 when a fall is (bounces, complaints, costs). */
    public int valueSign() {
        return valueSign;
    }

    /** Whether the KPI has per-day values (from deliverability_daily) for the projection. */
    public boolean dailyHistory() {
        return dailyHistory;
    }

    /** The KPI of a stored name, or null when a decision names one SPEC does not list. */
    public static Kpi ofLabel(String label) {
        for (Kpi k : values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        return null;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Kpi::label).toList();
    }
}
