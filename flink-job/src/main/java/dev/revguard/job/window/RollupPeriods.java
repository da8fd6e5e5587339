package dev.revguard.job.window;

import java.util.Arrays;

/**
 * A dimension value's open rollup periods (hours or days) as one state value, in flat arrays like
 * the trailing evaluation's: one read and one write per update. A Flink POJO.
 *
 * <p>A period's counts are its settled sum plus the latest counts of each of its input rows
 * (minutes, or hours for days) that may still change. An input row is replaced, never added, when
 * it comes again; once the watermark has passed its end plus the allowed lateness it cannot change
 * any more and is folded into the settled sum, which keeps the state small (a few inputs per
 * period) however long the period.
 */
public class RollupPeriods {
    static final int PERIOD_STRIDE = 10;
    static final int INPUT_STRIDE = 8;
    static final long FINAL = 1;
    static final long DIRTY = 2;

    /** Per open period: {@code start, flags (FINAL, DIRTY), latest event time, seven settled counts}. */
    public long[] periods = new long[0];
    /** Per input row that may still change: {@code start, seven counts}. */
    public long[] inputs = new long[0];
    /** Processing time of the pending timer that writes dirty periods, 0 when none. */
    public long flushAt;

    public RollupPeriods() {}

    /** Index of a period in {@link #periods}, or -1. */
    int period(long start) {
        for (int i = 0; i < periods.length; i += PERIOD_STRIDE) {
            if (periods[i] == start) {
                return i;
            }
        }
        return -1;
    }

    int addPeriod(long start) {
        int i = periods.length;
        periods = Arrays.copyOf(periods, i + PERIOD_STRIDE);
        periods[i] = start;
        return i;
    }

    boolean has(int period, long flag) {
        return (periods[period + 1] & flag) != 0;
    }

    void set(int period, long flag, boolean on) {
        periods[period + 1] = on ? periods[period + 1] | flag : periods[period + 1] & ~flag;
    }

    void noteLatest(int period, long eventTime) {
        periods[period + 2] = Math.max(periods[period + 2], eventTime);
    }

    long latest(int period) {
        return periods[period + 2];
    }

    /** Sets an input row's latest counts, replacing an earlier version of it. */
    void putInput(long start, OutcomeCounts c) {
        int i = -1;
        for (int j = 0; j < inputs.length; j += INPUT_STRIDE) {
            if (inputs[j] == start) {
                i = j;
                break;
            }
        }
        if (i < 0) {
            i = inputs.length;
            inputs = Arrays.copyOf(inputs, i + INPUT_STRIDE);
            inputs[i] = start;
        }
        c.copyTo(inputs, i + 1);
    }

    /**
     * Folds the inputs that can no longer change (their start + {@code settledAfter} is at or
     * before the watermark) into the settled sums of their periods ({@code periodMillis} long).
     */
    void settleInputs(long watermark, long settledAfter, long periodMillis) {
        int kept = 0;
        for (int j = 0; j < inputs.length; j += INPUT_STRIDE) {
            if (inputs[j] + settledAfter <= watermark) {
                int p = period(inputs[j] - Math.floorMod(inputs[j], periodMillis));
                for (int k = 0; k < 7; k++) {
                    periods[p + 3 + k] += inputs[j + 1 + k];
                }
            } else {
                System.arraycopy(inputs, j, inputs, kept, INPUT_STRIDE);
                kept += INPUT_STRIDE;
            }
        }
        if (kept < inputs.length) {
            inputs = Arrays.copyOf(inputs, kept);
        }
    }

    /** The period's counts: settled sum plus its inputs' latest counts. */
    OutcomeCounts sum(int period, long periodMillis) {
        long start = periods[period];
        long[] s = new long[7];
        System.arraycopy(periods, period + 3, s, 0, 7);
        for (int j = 0; j < inputs.length; j += INPUT_STRIDE) {
            if (inputs[j] >= start && inputs[j] < start + periodMillis) {
                for (int k = 0; k < 7; k++) {
                    s[k] += inputs[j + 1 + k];
                }
            }
        }
        return OutcomeCounts.of(s);
    }

    /** Drops a period (its inputs must have been settled). */
    void removePeriod(int period) {
        long[] rest = new long[periods.length - PERIOD_STRIDE];
        System.arraycopy(periods, 0, rest, 0, period);
        System.arraycopy(periods, period + PERIOD_STRIDE, rest, period, periods.length - period - PERIOD_STRIDE);
        periods = rest;
    }

    boolean isEmpty() {
        return periods.length == 0;
    }
}
