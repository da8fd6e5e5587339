package dev.revguard.job.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Hourly and daily rollups: replace, never add; early, final, late updates; catch-up; history; cleanup. */
class RollUpWindowsHarnessTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long LATENESS = 5 * MINUTE;
    private static final long FLUSH = 10_000;
    /** A UTC day (and hour) start. */
    private static final long T0 = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, DAY);

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowRow, WindowRow> harness(
            long input, long period, MinuteHistory history, long processingTime) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new RollUpWindows(input, period, LATENESS, LATENESS + MINUTE, FLUSH, history), WindowRow::key, Types.STRING);
        h.setProcessingTime(processingTime);
        h.open();
        return h;
    }

    private static OutcomeCounts sent(long n) {
        return new OutcomeCounts(n, 0, 0, 0, 0, 0, 0);
    }

    private static WindowRow minute(long minute, OutcomeCounts c, boolean isFinal) {
        long start = T0 + minute * MINUTE;
        return new WindowRow("sending_ip", "192.0.2.1", start, start + MINUTE, c, isFinal, start + 30_000);
    }

    private static WindowRow hourRow(long start, OutcomeCounts c, boolean isFinal, long latest) {
        return new WindowRow("sending_ip", "192.0.2.1", start, start + HOUR, c, isFinal, latest);
    }

    private static List<WindowRow> drain(KeyedOneInputStreamOperatorTestHarness<String, WindowRow, WindowRow> h) {
        List<WindowRow> out = h.extractOutputValues();
        h.getOutput().clear();
        return out;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, WindowRow, WindowRow> h, WindowRow row)
            throws Exception {
        h.processElement(new StreamRecord<>(row, row.windowStart()));
    }

    @Test
    void aLiveHourIsTheSumOfItsMinutesLatestRowsEarlyThenFinalThenLateAndIsForgotten() throws Exception {
        try (var h = harness(MINUTE, HOUR, MinuteHistory.NONE, T0)) {
            send(h, minute(0, sent(3), false));
            send(h, minute(0, sent(5), false)); // the same minute again: replaces 3, does not add
            send(h, minute(1, new OutcomeCounts(2, 1, 1, 0, 0, 0, 0), false));
            send(h, minute(59, sent(1), false));
            send(h, minute(60, sent(4), false)); // the next hour
            assertThat(drain(h)).containsExactly(
                    hourRow(T0, sent(3), false, T0 + 30_000),
                    hourRow(T0, sent(5), false, T0 + 30_000),
                    hourRow(T0, new OutcomeCounts(7, 1, 1, 0, 0, 0, 0), false, T0 + MINUTE + 30_000),
                    hourRow(T0, new OutcomeCounts(8, 1, 1, 0, 0, 0, 0), false, T0 + 59 * MINUTE + 30_000),
                    hourRow(T0 + HOUR, sent(4), false, T0 + 60 * MINUTE + 30_000));

            // The watermark passes the hour: its row is final (its minutes' final rows came before).
            h.processWatermark(new Watermark(T0 + HOUR - 1));
            assertThat(drain(h)).containsExactly(hourRow(T0, new OutcomeCounts(8, 1, 1, 0, 0, 0, 0), true, T0 + 59 * MINUTE + 30_000));

            // Late events within the allowed lateness update their minutes, and so the final hour.
            h.processWatermark(new Watermark(T0 + HOUR + 2 * MINUTE));
            send(h, minute(59, sent(11), true));
            send(h, minute(59, sent(12), true));
            assertThat(drain(h)).containsExactly(
                    hourRow(T0, new OutcomeCounts(18, 1, 1, 0, 0, 0, 0), true, T0 + 59 * MINUTE + 30_000),
                    hourRow(T0, new OutcomeCounts(19, 1, 1, 0, 0, 0, 0), true, T0 + 59 * MINUTE + 30_000));

            // Past the lateness the first hour is forgotten; the second is still open.
            h.processWatermark(new Watermark(T0 + HOUR - 1 + LATENESS));
            assertThat(drain(h)).isEmpty();
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            assertThat(h.numEventTimeTimers()).isEqualTo(2);

            h.processWatermark(new Watermark(T0 + 2 * HOUR - 1 + LATENESS));
            assertThat(drain(h)).containsExactly(hourRow(T0 + HOUR, sent(4), true, T0 + 60 * MINUTE + 30_000));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void anHourFarBehindTheWallClockIsWrittenOncePerFlushAndWhenFinal() throws Exception {
        try (var h = harness(MINUTE, HOUR, MinuteHistory.NONE, T0 + 30 * DAY)) {
            for (int m = 0; m < 60; m++) {
                send(h, minute(m, sent(1), false));
                send(h, minute(m, sent(2), true));
            }
            assertThat(drain(h)).as("a replay does not write the hour once per minute row").isEmpty();
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            h.setProcessingTime(T0 + 30 * DAY + FLUSH);
            assertThat(drain(h)).containsExactly(hourRow(T0, sent(120), false, T0 + 59 * MINUTE + 30_000));
            h.processWatermark(new Watermark(T0 + HOUR - 1));
            assertThat(drain(h)).containsExactly(hourRow(T0, sent(120), true, T0 + 59 * MINUTE + 30_000));
            // A late update of a final hour is written at once, even far behind the wall clock.
            send(h, minute(58, sent(3), true));
            assertThat(drain(h)).containsExactly(hourRow(T0, sent(121), true, T0 + 59 * MINUTE + 30_000));
            send(h, minute(61, sent(7), false));
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            h.processWatermark(new Watermark(Watermark.MAX_WATERMARK.getTimestamp()));
            assertThat(drain(h)).containsExactly(hourRow(T0 + HOUR, sent(7), true, T0 + 61 * MINUTE + 30_000));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).as("the pending flush is deleted with the state").isZero();
        }
    }

    @Test
    void aDayIsTheSumOfItsHoursLatestRows() throws Exception {
        try (var h = harness(HOUR, DAY, MinuteHistory.NONE, T0)) {
            send(h, hourRow(T0, sent(5), false, T0 + 10));
            send(h, hourRow(T0, sent(8), true, T0 + 20));
            send(h, hourRow(T0 + 23 * HOUR, sent(2), false, T0 + 23 * HOUR + 5));
            assertThat(drain(h)).extracting(WindowRow::counts).containsExactly(sent(5), sent(8), sent(10));
            h.processWatermark(new Watermark(T0 + DAY - 1));
            assertThat(drain(h)).containsExactly(new WindowRow("sending_ip", "192.0.2.1", T0, T0 + DAY, sent(10), true,
                    T0 + 23 * HOUR + 5));
            // The last hour's late update replaces that hour in the final day.
            send(h, hourRow(T0 + 23 * HOUR, sent(3), true, T0 + 23 * HOUR + 5));
            assertThat(drain(h)).extracting(WindowRow::counts, WindowRow::isFinal)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(sent(11), true));
            h.processWatermark(new Watermark(T0 + DAY - 1 + LATENESS));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void startingWithoutStateItCountsTheMinutesAlreadyWritten() throws Exception {
        MinuteHistory history = (lateness, consumer) -> List.of(
                minute(0, sent(1), true), minute(1, sent(1), true), minute(2, sent(1), false),
                new WindowRow("account", "other", T0, T0 + MINUTE, sent(9), true, T0 + 1)).forEach(consumer);
        try (var h = harness(MINUTE, HOUR, history, T0 + 3 * MINUTE)) {
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            h.setProcessingTime(T0 + 3 * MINUTE + 1);
            assertThat(drain(h)).as("the open hours of the history are written")
                    .extracting(WindowRow::value, WindowRow::counts)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("192.0.2.1", sent(3)),
                            org.assertj.core.groups.Tuple.tuple("other", sent(9)));
            // A minute it now receives replaces the history's version of it.
            send(h, minute(2, sent(5), false));
            assertThat(drain(h)).extracting(WindowRow::counts).containsExactly(sent(7));
        }
    }
}
