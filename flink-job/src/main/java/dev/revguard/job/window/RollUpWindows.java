package dev.revguard.job.window;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Rolls rows of a dimension value up into longer UTC periods: minute rows into hours, hour rows
 * into days. Each input row replaces the previous version of the same input (a late event
 * re-emits its minute with the new total), so a period always equals the sum of its inputs'
 * latest values. Keyed by the dimension key, like its input.
 *
 * <p>Rows follow the minute rows' rules: a period is written early while open, final once the
 * watermark has passed its end (its inputs are final by then: they come before that watermark),
 * and again, still final, when a late input updates it within the allowed lateness. Once the
 * watermark has passed its end plus the allowed lateness nothing can change it and its state is
 * dropped. Open periods close to the wall clock are written on every update; periods far behind
 * it (a replay, catching up after downtime) are written once per {@code catchUpFlushMillis} of
 * processing time and when final, not once per minute row, which keeps replays from multiplying
 * database writes.
 *
 * <p>An operator that starts without state first reads the {@link MinuteHistory}, so that the
 * hours and days under way when it starts count their earlier minutes too.
 */
public class RollUpWindows extends AbstractStreamOperator<WindowRow>
        implements OneInputStreamOperator<WindowRow, WindowRow>, Triggerable<String, VoidNamespace> {

    private final long inputMillis;
    private final long periodMillis;
    private final long latenessMillis;
    private final long liveHorizonMillis;
    private final long catchUpFlushMillis;
    private final MinuteHistory history;

    private transient ValueState<RollupPeriods> state;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient ListState<Boolean> historyRead;
    private transient boolean readHistory;
    private transient StreamRecord<WindowRow> reuse;

    /**
     * @param inputMillis length of the input rows' windows
     * @param periodMillis length of the rollup's periods, a multiple of {@code inputMillis}
     * @param liveHorizonMillis a period is live while its end is less than this far behind the wall clock
     */
    public RollUpWindows(long inputMillis, long periodMillis, long latenessMillis, long liveHorizonMillis,
            long catchUpFlushMillis, MinuteHistory history) {
        this.inputMillis = inputMillis;
        this.periodMillis = periodMillis;
        this.latenessMillis = latenessMillis;
        this.liveHorizonMillis = liveHorizonMillis;
        this.catchUpFlushMillis = catchUpFlushMillis;
        this.history = history;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        historyRead = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("history-read", Types.BOOLEAN));
        readHistory = !historyRead.get().iterator().hasNext();
    }

    @Override
    public void open() throws Exception {
        super.open();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("rollupPeriods", RollupPeriods.class));
        timers = getInternalTimerService("rollup", VoidNamespaceSerializer.INSTANCE, this);
        reuse = new StreamRecord<>(null);
        if (readHistory) {
            int maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
            int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            history.forEachOpenMinute(latenessMillis, row -> {
                String key = row.key();
                if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, parallelism) == subtask) {
                    setCurrentKey(key);
                    try {
                        apply(row, true);
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot start the rollup from " + row, e);
                    }
                }
            });
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        historyRead.update(List.of(true));
    }

    @Override
    public void processElement(StreamRecord<WindowRow> element) throws Exception {
        apply(element.getValue(), false);
    }

    private void apply(WindowRow row, boolean fromHistory) throws Exception {
        long watermark = timers.currentWatermark();
        if (row.windowEnd() - 1 + latenessMillis <= watermark) {
            return; // past the allowed lateness: the minute windows do not emit such rows
        }
        RollupPeriods t = state.value();
        if (t == null) {
            t = new RollupPeriods();
        }
        long start = row.windowStart() - Math.floorMod(row.windowStart(), periodMillis);
        int p = t.period(start);
        if (p < 0) {
            p = t.addPeriod(start);
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, start + periodMillis - 1);
            if (latenessMillis > 0) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, start + periodMillis - 1 + latenessMillis);
            }
        }
        // Inputs that can no longer change are folded into their period's settled sum on every
        // update, not only when a period ends: the state value stays a few inputs long (about the
        // allowed lateness in minutes), so reading and writing it stays cheap.
        t.settleInputs(watermark, inputMillis - 1 + latenessMillis, periodMillis);
        t.putInput(row.windowStart(), row.counts());
        t.noteLatest(p, row.latestEventTime());
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (fromHistory) {
            markDirty(t, p, now);
        } else if (t.has(p, RollupPeriods.FINAL) || start + periodMillis - 1 <= watermark) {
            t.set(p, RollupPeriods.FINAL, true);
            emit(t, p); // a late update of a final period
        } else if (start + periodMillis + liveHorizonMillis >= now) {
            emit(t, p);
        } else {
            markDirty(t, p, now + catchUpFlushMillis);
        }
        state.update(t);
    }

    private void markDirty(RollupPeriods t, int p, long flushAt) {
        t.set(p, RollupPeriods.DIRTY, true);
        if (t.flushAt == 0) {
            t.flushAt = flushAt;
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, flushAt);
        }
    }

    private void emit(RollupPeriods t, int p) {
        String key = (String) getCurrentKey();
        long start = t.periods[p];
        t.set(p, RollupPeriods.DIRTY, false);
        output.collect(reuse.replace(new WindowRow(DimensionKey.dimension(key), DimensionKey.value(key), start,
                start + periodMillis, t.sum(p, periodMillis), t.has(p, RollupPeriods.FINAL), t.latest(p)), start));
    }

    /** Final rows when the watermark passes a period's end; state dropped after the allowed lateness. */
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        RollupPeriods t = state.value();
        if (t == null) {
            return;
        }
        long watermark = timers.currentWatermark();
        t.settleInputs(watermark, inputMillis - 1 + latenessMillis, periodMillis);
        for (int p = 0; p < t.periods.length; ) {
            long end = t.periods[p] + periodMillis;
            if (!t.has(p, RollupPeriods.FINAL) && end - 1 <= watermark) {
                t.set(p, RollupPeriods.FINAL, true);
                emit(t, p);
            }
            if (end - 1 + latenessMillis <= watermark) {
                t.removePeriod(p);
            } else {
                p += RollupPeriods.PERIOD_STRIDE;
            }
        }
        if (t.isEmpty()) {
            if (t.flushAt != 0) {
                timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, t.flushAt);
            }
            state.clear();
        } else {
            state.update(t);
        }
    }

    /** Writes the periods that changed since they were last written (periods far behind the wall clock). */
    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        RollupPeriods t = state.value();
        if (t == null) {
            return;
        }
        t.flushAt = 0;
        for (int p = 0; p < t.periods.length; p += RollupPeriods.PERIOD_STRIDE) {
            if (t.has(p, RollupPeriods.DIRTY)) {
                emit(t, p);
            }
        }
        state.update(t);
    }
}
