package dev.revguard.job.risk;

import dev.revguard.job.window.OutcomeCounts;
import java.util.Arrays;

/**
 * The latest counts of each minute of one dimension value within the evaluation window, as one
 * flat array of {@code [start, sent, delivered, bounced, soft_bounced, deferred, dropped, spam]}
 * per minute. Kept as a single state value: one read and one write per update, where a map state
 * on RocksDB would need an iterator per evaluation. A Flink POJO.
 */
public class TrailingMinutes {
    static final int STRIDE = 8;

    /** End of the latest minute seen: the evaluation window is {@code [end - window, end)}. */
    public long end;
    /** End of the latest minute whose final row has been seen. */
    public long finalEnd;
    /**
     * The latest event time seen in any minute, 0 when unknown (state of a version before it was
     * kept): how far the open minute's counts reach.
     */
    public long latestEventTime;
    public long[] minutes = new long[0];

    public TrailingMinutes() {}

    /** Sets a minute's counts, replacing an earlier version of the same minute. */
    void put(long start, OutcomeCounts c) {
        int i = indexOf(start);
        if (i < 0) {
            i = minutes.length;
            minutes = Arrays.copyOf(minutes, minutes.length + STRIDE);
        }
        minutes[i] = start;
        c.copyTo(minutes, i + 1);
    }

    /** Drops the minutes that start before {@code from}. */
    void evictBefore(long from) {
        int kept = 0;
        for (int i = 0; i < minutes.length; i += STRIDE) {
            if (minutes[i] >= from) {
                System.arraycopy(minutes, i, minutes, kept, STRIDE);
                kept += STRIDE;
            }
        }
        if (kept < minutes.length) {
            minutes = Arrays.copyOf(minutes, kept);
        }
    }

    /** Sum of the minutes that start in {@code [from, to)}. */
    OutcomeCounts sum(long from, long to) {
        long[] s = new long[7];
        for (int i = 0; i < minutes.length; i += STRIDE) {
            if (minutes[i] < from || minutes[i] >= to) {
                continue;
            }
            for (int k = 0; k < 7; k++) {
                s[k] += minutes[i + 1 + k];
            }
        }
        return OutcomeCounts.of(s);
    }

    private int indexOf(long start) {
        for (int i = 0; i < minutes.length; i += STRIDE) {
            if (minutes[i] == start) {
                return i;
            }
        }
        return -1;
    }
}
