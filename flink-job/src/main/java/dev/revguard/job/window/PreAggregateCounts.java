package dev.revguard.job.window;

import dev.revguard.common.Dimension;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Adds up events per (dimension value, minute) in memory and emits the partial sums every
 * {@code emitInterval} for live windows, before a watermark that closes one of their windows, and
 * before every checkpoint barrier.
 *
 * <p>Each event touches six keys; summing them here turns millions of keyed state updates into a
 * few per key and interval, which is where the job's speed comes from. Nothing is held across a
 * checkpoint (the buffer is empty at every barrier), so the operator has no state to restore, and
 * sums are emitted before the watermark that could close their window.
 */
public class PreAggregateCounts extends AbstractStreamOperator<DimensionCounts>
        implements OneInputStreamOperator<Counted, DimensionCounts> {

    private final long windowMillis;
    private final long emitIntervalMillis;
    private final long liveHorizonMillis;
    /** Per key the seven counts and, at {@link #LATEST}, the latest event time. */
    private transient Map<BufferKey, long[]> buffer;
    /** Start of the oldest minute in the buffer, to tell whether a watermark could close it. */
    private transient long oldestWindowStart;
    private transient StreamRecord<DimensionCounts> reuse;

    private record BufferKey(int dimension, String value, long windowStart) {}

    private static final int LATEST = 7;

    /**
     * @param liveHorizonMillis a window is live while its end is less than this far behind the wall
     *     clock; only live windows are emitted on the interval
     */
    public PreAggregateCounts(long windowMillis, long emitIntervalMillis, long liveHorizonMillis) {
        this.windowMillis = windowMillis;
        this.emitIntervalMillis = emitIntervalMillis;
        this.liveHorizonMillis = liveHorizonMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new HashMap<>();
        oldestWindowStart = Long.MAX_VALUE;
        reuse = new StreamRecord<>(null);
        scheduleEmit();
    }

    private void scheduleEmit() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + emitIntervalMillis, t -> {
            emitLive(t);
            scheduleEmit();
        });
    }

    @Override
    public void processElement(StreamRecord<Counted> element) {
        Counted c = element.getValue();
        var e = c.event();
        long windowStart = TimeWindow.getWindowStartWithOffset(e.timestamp(), 0, windowMillis);
        int outcome = e.outcome().ordinal();
        oldestWindowStart = Math.min(oldestWindowStart, windowStart);
        Dimension[] dims = Dimension.all();
        for (int d = 0; d < dims.length; d++) {
            if (!c.countsUnder(d)) {
                continue;
            }
            long[] counts = buffer.computeIfAbsent(
                    new BufferKey(d, DimensionValues.of(dims[d], e), windowStart), k -> new long[8]);
            counts[outcome] += c.weight();
            counts[LATEST] = Math.max(counts[LATEST], e.timestamp());
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Sums of a window must reach the window operator before the watermark that closes it;
        // sums of windows the watermark leaves open may wait for the next interval.
        if (oldestWindowStart + windowMillis - 1 <= mark.getTimestamp()) {
            emit();
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        emit();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        emit();
        super.finish();
    }

    /**
     * Emits the sums of live windows, the ones people watch fill up. Sums of older windows (a
     * replay, or catching up after downtime) wait for the watermark or the next checkpoint: each
     * such minute is then written about once instead of at every interval.
     */
    private void emitLive(long now) {
        if (buffer.isEmpty() || oldestWindowStart + windowMillis >= now - liveHorizonMillis) {
            emit();
            return;
        }
        long oldestKept = Long.MAX_VALUE;
        Dimension[] dims = Dimension.all();
        var it = buffer.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<BufferKey, long[]> entry = it.next();
            BufferKey k = entry.getKey();
            if (k.windowStart() + windowMillis >= now - liveHorizonMillis) {
                output.collect(reuse.replace(counts(dims, k, entry.getValue()), k.windowStart()));
                it.remove();
            } else {
                oldestKept = Math.min(oldestKept, k.windowStart());
            }
        }
        oldestWindowStart = oldestKept;
    }

    private void emit() {
        if (buffer.isEmpty()) {
            return;
        }
        Dimension[] dims = Dimension.all();
        for (Map.Entry<BufferKey, long[]> entry : buffer.entrySet()) {
            BufferKey k = entry.getKey();
            // The record's timestamp places it in its window downstream.
            output.collect(reuse.replace(counts(dims, k, entry.getValue()), k.windowStart()));
        }
        buffer.clear();
        oldestWindowStart = Long.MAX_VALUE;
    }

    private static DimensionCounts counts(Dimension[] dims, BufferKey k, long[] c) {
        return new DimensionCounts(dims[k.dimension()].label(), k.value(), k.windowStart(), OutcomeCounts.of(c), c[LATEST]);
    }
}
