package dev.revguard.query.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress, status, projection and review flags, each value worked out by hand from SPEC's definitions. */
class DecisionOutcomeMathTest {
    // Decided 1 March 00:00, due 11 March (00:00): 10 days. Half-way is 6 March 00:00.
    private static final Instant DECIDED = Instant.parse("2026-03-01T00:00:00Z");
    private static final LocalDate DUE = LocalDate.parse("2026-03-11");
    private static final Instant DUE_AT = Instant.parse("2026-03-11T00:00:00Z");
    private static final Instant HALF_WAY = Instant.parse("2026-03-06T00:00:00Z");

    private static String status(Kpi kpi, Double actual, double baseline, double target, Instant now) {
        return OutcomeMath.status(kpi, actual, baseline, target, now, DUE_AT, OutcomeMath.elapsedFraction(now, DECIDED, DUE_AT));
    }

    @Test
    void theElapsedFractionRunsFromDecidedAtToDueAndIsClamped() {
        // (6 Mar − 1 Mar) ÷ (11 Mar − 1 Mar) = 5 d ÷ 10 d = 0.5
        assertThat(OutcomeMath.elapsedFraction(HALF_WAY, DECIDED, DUE_AT)).isEqualTo(0.5);
        // (6 Mar 12:00 − 1 Mar) ÷ 10 d = 5.5 ÷ 10 = 0.55
        assertThat(OutcomeMath.elapsedFraction(Instant.parse("2026-03-06T12:00:00Z"), DECIDED, DUE_AT)).isCloseTo(0.55, within(1e-12));
        assertThat(OutcomeMath.elapsedFraction(Instant.parse("2026-02-01T00:00:00Z"), DECIDED, DUE_AT)).isEqualTo(0.0);
        assertThat(OutcomeMath.elapsedFraction(Instant.parse("2026-04-01T00:00:00Z"), DECIDED, DUE_AT)).isEqualTo(1.0);
        // due not after decided_at: all the time is gone
        assertThat(OutcomeMath.elapsedFraction(HALF_WAY, DUE_AT, DECIDED)).isEqualTo(1.0);
        assertThat(OutcomeMath.dueAt(DUE)).isEqualTo(DUE_AT);
        assertThat(OutcomeMath.windowEnd(HALF_WAY, DUE)).isEqualTo(HALF_WAY);
        assertThat(OutcomeMath.windowEnd(Instant.parse("2026-03-20T08:00:00Z"), DUE)).isEqualTo(DUE_AT);
    }

    @Test
    void progressIsTheShareOfTheWayFromBaselineToTarget() {
        // lower is better: (0.035 − 0.05) ÷ (0.02 − 0.05) = −0.015 ÷ −0.03 = 0.5
        assertThat(OutcomeMath.progress(0.035, 0.05, 0.02)).isCloseTo(0.5, within(1e-12));
        // higher is better: (1,400 − 1,000) ÷ (2,000 − 1,000) = 0.4
        assertThat(OutcomeMath.progress(1400.0, 1000, 2000)).isEqualTo(0.4);
        // worse than the baseline: (1.2 − 1) ÷ (0 − 1) = −0.2
        assertThat(OutcomeMath.progress(1.2, 1, 0)).isCloseTo(-0.2, within(1e-12));
        assertThat(OutcomeMath.progress(null, 1, 0)).isNull();
        assertThat(OutcomeMath.progress(5.0, 3, 3)).isNull();
    }

    @Test
    void achievedExactlyAtTheTargetEitherWay() {
        // bounce_rate 15 of 1,000 = 0.015 against a target of 0.015 (lower is better: target < baseline 0.05)
        assertThat(status(Kpi.BOUNCE_RATE, 15.0 / 1000, 0.05, 0.015, HALF_WAY)).isEqualTo("achieved");
        // just above the target: not reached, and 0.0151 is (0.0151 − 0.05) ÷ (0.015 − 0.05) = 0.997 of the way
        // (≥ 0.8 × 0.5): on track
        assertThat(status(Kpi.BOUNCE_RATE, 0.0151, 0.05, 0.015, HALF_WAY)).isEqualTo("on_track");
        // deliverability 950 of 1,000 = 0.95 against a target of 0.95 (higher is better)
        assertThat(status(Kpi.DELIVERABILITY_RATE, 950.0 / 1000, 0.90, 0.95, HALF_WAY)).isEqualTo("achieved");
        // reached after the due date still counts as achieved (the actual is over the 7 days ending at due)
        assertThat(status(Kpi.DELIVERABILITY_RATE, 0.96, 0.90, 0.95, Instant.parse("2026-03-20T00:00:00Z"))).isEqualTo("achieved");
        assertThat(OutcomeMath.reached(0.015, 0.05, 0.015)).isTrue();
        assertThat(OutcomeMath.reached(0.0149, 0.05, 0.015)).isTrue();
        assertThat(OutcomeMath.reached(0.0151, 0.05, 0.015)).isFalse();
    }

    @Test
    void onTrackExactlyAtEightTenthsOfTheElapsedFractionAndAtRiskJustBelow() {
        // half-way (elapsed 0.5): on track needs progress ≥ 0.8 × 0.5 = 0.4.
        // sent per day from 1,000 to 2,000: 1,400 is (1,400 − 1,000) ÷ 1,000 = 0.4 → on_track
        assertThat(status(Kpi.SENT, 1400.0, 1000, 2000, HALF_WAY)).isEqualTo("on_track");
        // 1,399 is 0.399 < 0.4 → at_risk
        assertThat(status(Kpi.SENT, 1399.0, 1000, 2000, HALF_WAY)).isEqualTo("at_risk");
        // target = baseline and not reached: no progress to measure → at_risk
        assertThat(status(Kpi.SENT, 900.0, 1000, 1000, HALF_WAY)).isEqualTo("at_risk");
    }

    @Test
    void missedOnceTheDueDateHasPassedWithoutTheTarget() {
        // at due 00:00 exactly, 1,900 of a target of 2,000
        assertThat(status(Kpi.SENT, 1900.0, 1000, 2000, DUE_AT)).isEqualTo("missed");
        assertThat(status(Kpi.SENT, 1900.0, 1000, 2000, DUE_AT.minusSeconds(1))).isEqualTo("on_track");
    }

    @Test
    void noDataWithoutAnActualAndUnknownKpiFirst() {
        assertThat(status(Kpi.BOUNCE_RATE, null, 0.05, 0.015, HALF_WAY)).isEqualTo("no_data");
        assertThat(status(null, 0.02, 0.05, 0.015, HALF_WAY)).isEqualTo("unknown_kpi");
        assertThat(status(null, null, 0.05, 0.015, HALF_WAY)).isEqualTo("unknown_kpi");
        assertThat(Kpi.ofLabel("happiness")).isNull();
        assertThat(Kpi.ofLabel("mrr_at_risk_usd")).isEqualTo(Kpi.MRR_AT_RISK_USD);
        assertThat(Kpi.labels()).containsExactly("bounce_rate", "spam_rate", "deliverability_rate", "revenue_risk_usd", "sent",
                "cost_per_email_usd", "total_cost_usd", "efficiency_score", "mrr_at_risk_usd");
    }

    @Test
    void theProjectionIsTheLeastSquaresLineReadAtTheDueDate() {
        // x (days since 1 Mar) = 0, 1, 2, 3; y = 10, 12, 13, 17.
        // x̄ = 1.5, ȳ = 52 / 4 = 13; x − x̄ = −1.5, −0.5, 0.5, 1.5; y − ȳ = −3, −1, 0, 4.
        // Σ(x − x̄)(y − ȳ) = 4.5 + 0.5 + 0 + 6 = 11; Σ(x − x̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5.
        // slope = 11 / 5 = 2.2 a day; intercept = 13 − 2.2 × 1.5 = 9.7; due (11 Mar) is x = 10: 9.7 + 22 = 31.7.
        List<OutcomeMath.DailyValue> daily = List.of(
                new OutcomeMath.DailyValue(LocalDate.parse("2026-03-01"), 10),
                new OutcomeMath.DailyValue(LocalDate.parse("2026-03-02"), 12),
                new OutcomeMath.DailyValue(LocalDate.parse("2026-03-03"), 13),
                new OutcomeMath.DailyValue(LocalDate.parse("2026-03-04"), 17));
        OutcomeMath.Projection p = OutcomeMath.project(daily, LocalDate.parse("2026-03-01"), DUE);
        assertThat(p.slopePerDay()).isCloseTo(2.2, within(1e-12));
        assertThat(p.valueAtDue()).isCloseTo(31.7, within(1e-12));
        assertThat(p.points()).isEqualTo(4);
        assertThat(p.reason()).isNull();

        // A missing day is no point: x = 0 and 2, y = 10 and 14: slope 2, value at x = 10: 30.
        OutcomeMath.Projection gap = OutcomeMath.project(List.of(daily.get(0),
                new OutcomeMath.DailyValue(LocalDate.parse("2026-03-03"), 14)), LocalDate.parse("2026-03-01"), DUE);
        assertThat(gap.slopePerDay()).isCloseTo(2.0, within(1e-12));
        assertThat(gap.valueAtDue()).isCloseTo(30.0, within(1e-12));
    }

    @Test
    void noProjectionFromFewerThanTwoPoints() {
        OutcomeMath.Projection one = OutcomeMath.project(List.of(new OutcomeMath.DailyValue(LocalDate.parse("2026-03-01"), 10)),
                LocalDate.parse("2026-03-01"), DUE);
        assertThat(one.valueAtDue()).isNull();
        assertThat(one.slopePerDay()).isNull();
        assertThat(one.points()).isEqualTo(1);
        assertThat(one.reason()).startsWith("fewer than 2 daily values");
        assertThat(OutcomeMath.project(List.of(), LocalDate.parse("2026-03-01"), DUE).reason()).startsWith("fewer than 2");
    }

    @Test
    void reviewFlagsComeFromTheReviewDate() {
        Instant now = Instant.parse("2026-03-10T12:00:00Z"); // today is 10 March (UTC)
        assertThat(OutcomeMath.reviewFlag(LocalDate.parse("2026-03-09"), now)).isEqualTo("overdue");
        assertThat(OutcomeMath.reviewFlag(LocalDate.parse("2026-03-10"), now)).isEqualTo("due_soon");
        assertThat(OutcomeMath.reviewFlag(LocalDate.parse("2026-03-17"), now)).isEqualTo("due_soon"); // today + 7
        assertThat(OutcomeMath.reviewFlag(LocalDate.parse("2026-03-18"), now)).isNull();
        assertThat(OutcomeMath.reviewFlag(null, now)).isNull();
        // just before midnight UTC it is still the 10th
        assertThat(OutcomeMath.reviewFlag(LocalDate.parse("2026-03-10"), Instant.parse("2026-03-10T23:59:59Z"))).isEqualTo("due_soon");
    }
}
