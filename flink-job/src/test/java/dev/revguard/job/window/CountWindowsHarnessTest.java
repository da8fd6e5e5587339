package dev.revguard.job.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.RiskPipeline;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The window operator exactly as the pipeline builds it: early rows, final row, late updates, cleanup. */
class CountWindowsHarnessTest {
    private static final long MINUTE = 60_000;
    private static final long LATENESS = 5 * MINUTE;
    private static final long T0 = 1_700_000_040_000L - (1_700_000_040_000L % MINUTE);

    private KeyedOneInputStreamOperatorTestHarness<String, DimensionCounts, WindowRow> harness;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<DimensionCounts> in = env.fromData(TypeInformation.of(DimensionCounts.class),
                partial("acct-1", T0, OutcomeCounts.ZERO, T0));
        OneInputTransformation<DimensionCounts, WindowRow> t = (OneInputTransformation<DimensionCounts, WindowRow>)
                RiskPipeline.countWindows(in, Duration.ofMillis(LATENESS)).getTransformation();
        OneInputStreamOperator<DimensionCounts, WindowRow> operator = t.getOperator();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, DimensionCounts::key, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static DimensionCounts partial(String account, long windowStart, OutcomeCounts c, long latestEventTime) {
        return new DimensionCounts("account", account, windowStart, c, latestEventTime);
    }

    private static OutcomeCounts sent(long n) {
        return new OutcomeCounts(n, 0, 0, 0, 0, 0, 0);
    }

    private void add(String account, long windowStart, OutcomeCounts c, long latestEventTime) throws Exception {
        harness.processElement(new StreamRecord<>(partial(account, windowStart, c, latestEventTime), windowStart));
    }

    private List<WindowRow> drain() {
        List<WindowRow> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    @Test
    void writesEarlyThenFinalThenLateUpdatesAndCleansUp() throws Exception {
        add("acct-1", T0, sent(3), T0 + 10_000);
        add("acct-1", T0, new OutcomeCounts(2, 4, 1, 0, 0, 0, 0), T0 + 20_000);
        add("acct-2", T0 + MINUTE, sent(1), T0 + MINUTE + 5_000);
        // Each row carries the latest event time of its minute so far.
        assertThat(drain()).containsExactly(
                new WindowRow("account", "acct-1", T0, T0 + MINUTE, sent(3), false, T0 + 10_000),
                new WindowRow("account", "acct-1", T0, T0 + MINUTE, new OutcomeCounts(5, 4, 1, 0, 0, 0, 0), false, T0 + 20_000),
                new WindowRow("account", "acct-2", T0 + MINUTE, T0 + 2 * MINUTE, sent(1), false, T0 + MINUTE + 5_000));

        // The watermark passes the first minute: its row becomes final, the second stays open.
        harness.processWatermark(new Watermark(T0 + MINUTE - 1));
        assertThat(drain()).containsExactly(
                new WindowRow("account", "acct-1", T0, T0 + MINUTE, new OutcomeCounts(5, 4, 1, 0, 0, 0, 0), true, T0 + 20_000));

        // A late event within the allowed lateness updates the final row.
        harness.processWatermark(new Watermark(T0 + 3 * MINUTE));
        drain();
        add("acct-1", T0, new OutcomeCounts(0, 0, 0, 0, 0, 0, 1), T0 + 15_000);
        assertThat(drain()).containsExactly(
                new WindowRow("account", "acct-1", T0, T0 + MINUTE, new OutcomeCounts(5, 4, 1, 0, 0, 0, 1), true, T0 + 20_000));

        // Past the allowed lateness every window is gone: no state, no timers.
        harness.processWatermark(new Watermark(T0 + 2 * MINUTE - 1 + LATENESS));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // Anything for those windows now is dropped, not counted into a fresh window.
        drain();
        add("acct-1", T0, sent(100), T0 + 1);
        assertThat(drain()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
