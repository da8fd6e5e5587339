package dev.revguard.job.risk;

import dev.revguard.common.RiskPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.window.OutcomeCounts;
import dev.revguard.job.window.WindowRow;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvaluateTrailingRiskHarnessTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_040_000L - (1_700_000_040_000L % MINUTE);
    private static final Duration WINDOW = Duration.ofMinutes(15);

    private KeyedOneInputStreamOperatorTestHarness<String, WindowRow, RiskSnapshot> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EvaluateTrailingRisk(WINDOW, RiskPolicy.SEED, RiskPrices.DEFAULT), WindowRow::key, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void row(long minute, OutcomeCounts c, boolean isFinal) throws Exception {
        long start = T0 + minute * MINUTE;
        harness.processElement(new StreamRecord<>(new WindowRow("sending_domain", "d.example", start, start + MINUTE, c, isFinal, start + MINUTE - 1), start));
    }

    private RiskSnapshot last() {
        List<RiskSnapshot> out = harness.extractOutputValues();
        return out.get(out.size() - 1);
    }

    @Test
    void evaluatesTheTrailingWindowEndingAtTheLatestMinute() throws Exception {
        row(0, new OutcomeCounts(100, 90, 4, 0, 0, 0, 0), false);
        RiskSnapshot first = last();
        assertThat(first.evaluatedAt()).isEqualTo(T0 + MINUTE);
        assertThat(first.windowFrom()).isEqualTo(T0 + MINUTE - WINDOW.toMillis());
        assertThat(first.severity()).isEqualTo("healthy");
        assertThat(first.settled()).as("an open minute is not settled").isFalse();
        assertThat(first.bounceRate()).isEqualTo(0.04);

        // An update of the same minute replaces it; a new minute adds to it.
        row(0, new OutcomeCounts(100, 90, 6, 0, 0, 0, 0), true);
        assertThat(last().counts().bounced()).isEqualTo(6);
        assertThat(last().settled()).as("every minute of the window is final").isTrue();
        assertThat(last().severity()).isEqualTo("monitor");
        row(1, new OutcomeCounts(100, 80, 20, 0, 0, 0, 0), false);
        RiskSnapshot two = last();
        assertThat(two.counts()).isEqualTo(new OutcomeCounts(200, 170, 26, 0, 0, 0, 0));
        assertThat(two.evaluatedAt()).isEqualTo(T0 + 2 * MINUTE);
        assertThat(two.severity()).isEqualTo("warning"); // 13 % bounced
        assertThat(two.settled()).isFalse();
        assertThat(two.revenueRiskUsd()).isEqualTo(RiskEvaluation.evaluate(two.counts(), WINDOW, RiskPolicy.SEED, RiskPrices.DEFAULT).revenueRiskUsd());
        assertThat(two.policy()).isEqualTo("seed");

        // Minute 15, final, pushes minute 0 out of the 15-minute window.
        row(15, new OutcomeCounts(10, 10, 0, 0, 0, 0, 0), true);
        assertThat(last().counts()).isEqualTo(new OutcomeCounts(110, 90, 20, 0, 0, 0, 0));
        // Settled evaluations (for alerts) come only from final rows and cover final minutes only.
        var settled = harness.getSideOutput(EvaluateTrailingRisk.SETTLED).stream().map(r -> r.getValue()).toList();
        assertThat(settled).extracting(RiskSnapshot::evaluatedAt).containsExactly(T0 + MINUTE, T0 + 16 * MINUTE);
        assertThat(settled.get(1).counts()).isEqualTo(new OutcomeCounts(110, 90, 20, 0, 0, 0, 0));
        assertThat(settled).allSatisfy(r -> assertThat(r.settled()).isTrue());
        // A late update of minute 0, which has left the window, changes nothing.
        int before = harness.extractOutputValues().size();
        row(0, new OutcomeCounts(1000, 0, 1000, 0, 0, 0, 0), true);
        assertThat(harness.extractOutputValues()).hasSize(before);
    }

    /**
     * Constant traffic, 120 sent a minute (2 per second) with 10 % bounced, written every 10 s as
     * the open minute fills, across three minute boundaries: the gauge holds its dollars and its
     * severity. With the evaluation window of whole minutes it dipped at every boundary (by a
     * fifteenth, or, for a 1-minute window, to a sixth and insufficient data).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 15})
    void underConstantTrafficTheLiveGaugeHoldsSteadyAcrossMinuteBoundaries(int windowMinutes) throws Exception {
        Duration window = Duration.ofMinutes(windowMinutes);
        try (var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EvaluateTrailingRisk(window, RiskPolicy.SEED, RiskPrices.DEFAULT), WindowRow::key, Types.STRING)) {
            OutcomeCounts tick = new OutcomeCounts(20, 18, 2, 0, 0, 0, 0); // 10 s of traffic
            int first = windowMinutes + 1;
            for (int m = 0; m < first; m++) { // the history: whole, final minutes
                long start = T0 + m * MINUTE;
                h.processElement(new StreamRecord<>(new WindowRow("all", "all", start, start + MINUTE, times(tick, 6), true,
                        start + MINUTE - 1), start));
            }
            double steady = RiskEvaluation.evaluate(times(tick, 6 * windowMinutes), window, RiskPolicy.SEED, RiskPrices.DEFAULT)
                    .revenueRiskUsd();
            int settledBefore = h.getSideOutput(EvaluateTrailingRisk.SETTLED).size();
            h.getOutput().clear();
            for (int m = first; m < first + 3; m++) {
                long start = T0 + m * MINUTE;
                for (int k = 1; k <= 6; k++) {
                    h.processElement(new StreamRecord<>(new WindowRow("all", "all", start, start + MINUTE, times(tick, k), false,
                            start + k * 10_000L - 1), start));
                    if (k == 2) { // the watermark passes the previous minute: its final row
                        long prev = start - MINUTE;
                        h.processElement(new StreamRecord<>(new WindowRow("all", "all", prev, start, times(tick, 6), true,
                                start - 1), prev));
                    }
                }
            }
            List<RiskSnapshot> gauge = h.extractOutputValues();
            assertThat(gauge).hasSize(3 * 7);
            assertThat(gauge).allSatisfy(g -> {
                assertThat(g.severity()).isEqualTo("warning"); // 10 % bounced, never insufficient_data
                assertThat(g.revenueRiskUsd()).isCloseTo(steady, org.assertj.core.data.Percentage.withPercentage(3));
                assertThat(g.monthlyVolume()).isCloseTo(120.0 * 60 * 24 * 30, org.assertj.core.data.Percentage.withPercentage(3));
                assertThat(g.counts().sent()).isGreaterThanOrEqualTo(120L * windowMinutes);
                // It covers the event time seen: monthly volume = sent x 30 days / (evaluated_at - window_from).
                assertThat(g.monthlyVolume()).isCloseTo(g.counts().sent() * 30.0 * 86_400_000 / (g.evaluatedAt() - g.windowFrom()),
                        org.assertj.core.data.Offset.offset(1e-6));
                assertThat(g.evaluatedAt() - g.windowFrom()).isBetween(window.toMillis(), window.toMillis() + MINUTE);
            });
            // 10 s into a minute: the previous minute counts whole, the open one for the 10 s it covers.
            RiskSnapshot tenSecondsIn = gauge.get(0);
            assertThat(tenSecondsIn.windowFrom()).isEqualTo(T0 + (first - windowMinutes) * MINUTE);
            assertThat(tenSecondsIn.evaluatedAt()).isEqualTo(T0 + first * MINUTE + 10_000);
            assertThat(tenSecondsIn.counts().sent()).isEqualTo(120L * windowMinutes + 20);

            // The settled evaluations (alerts) are whole minutes over the nominal window, as before.
            var settled = h.getSideOutput(EvaluateTrailingRisk.SETTLED).stream().skip(settledBefore).map(r -> r.getValue()).toList();
            assertThat(settled).hasSize(3).allSatisfy(r -> {
                assertThat(r.evaluatedAt() - r.windowFrom()).isEqualTo(window.toMillis());
                assertThat(r.counts()).isEqualTo(times(tick, 6 * windowMinutes));
                assertThat(r.revenueRiskUsd()).isEqualTo(steady);
            });
        }
    }

    private static OutcomeCounts times(OutcomeCounts c, int n) {
        return new OutcomeCounts(c.sent() * n, c.delivered() * n, c.bounced() * n, c.softBounced() * n,
                c.deferred() * n, c.dropped() * n, c.spamComplaints() * n);
    }

    @Test
    void aQuietValueIsEvaluatedEmptyOnceAndForgotten() throws Exception {
        row(0, new OutcomeCounts(500, 400, 100, 0, 0, 0, 0), true);
        assertThat(last().severity()).isEqualTo("critical");
        assertThat(harness.numKeyedStateEntries()).isPositive();

        // Fifteen minutes of event time without traffic from this value.
        harness.processWatermark(new Watermark(T0 + MINUTE + WINDOW.toMillis()));
        RiskSnapshot expired = last();
        assertThat(expired.counts()).isEqualTo(OutcomeCounts.ZERO);
        assertThat(expired.severity()).isEqualTo("insufficient_data");
        assertThat(expired.evaluatedAt()).isEqualTo(T0 + MINUTE + WINDOW.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theEndOfABoundedInputLeavesTheLastEvaluationStanding() throws Exception {
        row(0, new OutcomeCounts(500, 400, 100, 0, 0, 0, 0), true);
        int before = harness.extractOutputValues().size();
        harness.processWatermark(Watermark.MAX_WATERMARK);
        assertThat(harness.extractOutputValues()).hasSize(before);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
