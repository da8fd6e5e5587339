package dev.revguard.query.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** SPEC's ROI rule worked out by hand: monthly volume 7,000 sent in 7 days × 30/7 = 30,000. */
class DecisionRoiTest {
    private static final Roi.Prices PRICES = new Roi.Prices(0.05, 0.25);
    private static final double MV = 7000 * 30.0 / 7;

    @Test
    void aRateChangeIsWorthItsChangeTimesTheMonthlyVolumeTimesItsPrice() {
        assertThat(MV).isCloseTo(30_000, within(1e-9));
        // bounce_rate 0.048 → 0.03: (0.048 − 0.03) × 30,000 × 0.05 = 0.018 × 1,500 = 27
        assertThat(Roi.value(Kpi.BOUNCE_RATE, 0.048, 0.03, MV, PRICES)).isCloseTo(27.0, within(1e-9));
        // spam_rate 0.002 → 0.001: 0.001 × 30,000 × 0.25 = 7.5
        assertThat(Roi.value(Kpi.SPAM_RATE, 0.002, 0.001, MV, PRICES)).isCloseTo(7.5, within(1e-9));
        // deliverability_rate 0.90 → 0.92: (0.92 − 0.90) × 30,000 × 0.05 = 30
        assertThat(Roi.value(Kpi.DELIVERABILITY_RATE, 0.90, 0.92, MV, PRICES)).isCloseTo(30.0, within(1e-9));
        // worse than the baseline costs: bounce 0.03 → 0.04 = −0.01 × 1,500 = −15
        assertThat(Roi.value(Kpi.BOUNCE_RATE, 0.03, 0.04, MV, PRICES)).isCloseTo(-15.0, within(1e-9));
        assertThat(Roi.price(Kpi.BOUNCE_RATE, PRICES)).isEqualTo(0.05);
        assertThat(Roi.price(Kpi.SPAM_RATE, PRICES)).isEqualTo(0.25);
        assertThat(Roi.price(Kpi.DELIVERABILITY_RATE, PRICES)).isEqualTo(0.05);
        assertThat(Roi.price(Kpi.TOTAL_COST_USD, PRICES)).isNull();
    }

    @Test
    void aCostChangeIsWorthItsChangePerMonth() {
        // total_cost_usd 500 → 420 a month: 80
        assertThat(Roi.value(Kpi.TOTAL_COST_USD, 500, 420.0, MV, PRICES)).isCloseTo(80.0, within(1e-9));
        // cost_per_email_usd 0.0005 → 0.0004: 0.0001 × 30,000 = 3
        assertThat(Roi.value(Kpi.COST_PER_EMAIL_USD, 0.0005, 0.0004, MV, PRICES)).isCloseTo(3.0, within(1e-9));
        // revenue_risk_usd and mrr_at_risk_usd are dollars a month already: 100 → 55.71 = 44.29
        assertThat(Roi.value(Kpi.REVENUE_RISK_USD, 100, 55.71, MV, PRICES)).isCloseTo(44.29, within(1e-9));
        assertThat(Roi.value(Kpi.MRR_AT_RISK_USD, 1500, 1000.0, MV, PRICES)).isCloseTo(500.0, within(1e-9));
    }

    @Test
    void kpisWithoutADollarValueOrWithoutAnActualHaveNone() {
        assertThat(Roi.value(Kpi.SENT, 1000, 2000.0, MV, PRICES)).isNull();
        assertThat(Roi.value(Kpi.EFFICIENCY_SCORE, 50, 60.0, MV, PRICES)).isNull();
        assertThat(Roi.value(Kpi.BOUNCE_RATE, 0.05, null, MV, PRICES)).isNull();
        assertThat(Roi.value(null, 0.05, 0.01, MV, PRICES)).isNull();
    }

    @Test
    void roiIsValueLessCostOverCost() {
        // 27 + 80 = 107 a month against a cost of 100: (107 − 100) ÷ 100 = 0.07
        Double value = Roi.total(Arrays.asList(27.0, null, 80.0));
        assertThat(value).isEqualTo(107.0);
        assertThat(Roi.roi(value, 100.0)).isCloseTo(0.07, within(1e-12));
        assertThat(Roi.roi(value, null)).isNull();
        assertThat(Roi.roi(value, 0.0)).isNull();
        assertThat(Roi.roi(null, 100.0)).isNull();
        assertThat(Roi.total(Arrays.asList(null, null))).isNull();
        // cents: 19.285714… + 44.29 → 19.29 + 44.29 = 63.58
        assertThat(Roi.total(Arrays.asList(19.29, 44.29))).isEqualTo(63.58);
    }

    @Test
    void aShortfallCostsTheDistanceToTheTarget() {
        // bounce 0.03 against a target of 0.015: 0.015 × 30,000 × 0.05 = 22.5
        assertThat(Roi.shortfall(Kpi.BOUNCE_RATE, 0.03, 0.015, MV, PRICES)).isCloseTo(22.5, within(1e-9));
        // deliverability 0.90 against 0.95: 0.05 × 30,000 × 0.05 = 75
        assertThat(Roi.shortfall(Kpi.DELIVERABILITY_RATE, 0.90, 0.95, MV, PRICES)).isCloseTo(75.0, within(1e-9));
        // cost per email 0.0005 against 0.0004: 0.0001 × 30,000 = 3; total cost 420 against 400: 20
        assertThat(Roi.shortfall(Kpi.COST_PER_EMAIL_USD, 0.0005, 0.0004, MV, PRICES)).isCloseTo(3.0, within(1e-9));
        assertThat(Roi.shortfall(Kpi.TOTAL_COST_USD, 420.0, 400, MV, PRICES)).isCloseTo(20.0, within(1e-9));
        assertThat(Roi.shortfall(Kpi.SENT, 900.0, 2000, MV, PRICES)).isNull();
    }
}
