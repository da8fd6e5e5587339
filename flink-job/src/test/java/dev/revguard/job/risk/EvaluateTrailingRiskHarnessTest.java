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
        harness.processElement(new StreamRecord<>(new WindowRow("sending_domain", "d.example", start, start + MINUTE, c, isFinal), start));
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
