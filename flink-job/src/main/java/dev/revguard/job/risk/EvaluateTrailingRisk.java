package dev.revguard.job.risk;

import dev.revguard.common.RiskPolicy;
import dev.revguard.job.window.DimensionKey;
import dev.revguard.job.window.OutcomeCounts;
import dev.revguard.job.window.WindowRow;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the latest counts of each minute of a dimension value and, on every window update,
 * evaluates the trailing evaluation window ending at the end of the latest minute seen.
 *
 * <p>The evaluation follows the data, not the wall clock, so a replay of the same events gives
 * the same snapshots. When a value has sent nothing for a whole evaluation window (in event time),
 * it is evaluated once more with zero counts (insufficient data) and its state is dropped. At the
 * end of a bounded input the watermark jumps to the end of time; then state is dropped without
 * that last evaluation, so a replay leaves each value as its data last showed it.
 *
 * <p>The main output is the freshest evaluation (it includes the open minute) for the dashboard;
 * the {@link #SETTLED} side output evaluates, on every final window row, the window ending at the
 * latest final minute. Alerts follow the settled evaluations, which are the same in a live run and
 * a replay whatever the timing of early updates.
 *
 * <p>A steady gauge: the open minute is only partly filled, so the live evaluation covers the
 * trailing evaluation window of event time actually seen, {@code [latest + 1 - window, latest + 1)}
 * with {@code latest} the value's latest event time, and counts every minute that range touches
 * whole. While the open minute fills, that is the previous minute too, which would otherwise drop
 * out all at once at the minute boundary. {@code monthly_volume} scales {@code sent} by the time
 * those minutes cover, {@code [window_from, latest + 1)} (between one window and one window plus a
 * minute), and {@code evaluated_at} is {@code latest + 1}. Under constant traffic the rates, the
 * dollars and the volume the minimum-volume check sees (at least a whole window's) then hold
 * steady across minute boundaries instead of dropping by a minute's share and climbing back. When
 * the latest minute is complete, this is exactly the trailing window of whole minutes.
 */
public class EvaluateTrailingRisk extends KeyedProcessFunction<String, WindowRow, RiskSnapshot> {
    /** Evaluations over final minutes only, on every final window row. */
    public static final OutputTag<RiskSnapshot> SETTLED = new OutputTag<>("settled-evaluations") {};

    private static final long MINUTE = 60_000;

    private final long evaluationMillis;
    private final RiskPolicy policy;
    private final RiskPrices prices;
    private transient ValueState<TrailingMinutes> state;

    public EvaluateTrailingRisk(Duration evaluationWindow, RiskPolicy policy, RiskPrices prices) {
        this.evaluationMillis = evaluationWindow.toMillis();
        this.policy = policy;
        this.prices = prices;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("trailingMinutes", TrailingMinutes.class));
    }

    @Override
    public void processElement(WindowRow row, Context ctx, Collector<RiskSnapshot> out) throws Exception {
        TrailingMinutes t = state.value();
        if (t == null) {
            t = new TrailingMinutes();
        }
        long previousEnd = t.end;
        long end = Math.max(previousEnd, row.windowEnd());
        long finalEnd = row.isFinal() ? Math.max(t.finalEnd, row.windowEnd()) : t.finalEnd;
        long latest = Math.max(t.latestEventTime, row.latestEventTime());
        if (latest < end - MINUTE) {
            latest = end - 1; // not known (state of an earlier version): the whole minute
        }
        long liveFrom = minuteStart(latest + 1 - evaluationMillis);
        // Minutes are kept for the latest evaluation and for the settled one, which may lag behind.
        long keepFrom = finalEnd == 0 ? liveFrom : Math.min(liveFrom, finalEnd - evaluationMillis);
        if (row.windowStart() < keepFrom) {
            return; // a late update of a minute that has left the evaluation window
        }
        if (end != previousEnd) {
            if (previousEnd != 0) {
                ctx.timerService().deleteEventTimeTimer(previousEnd + evaluationMillis);
            }
            ctx.timerService().registerEventTimeTimer(end + evaluationMillis);
            t.end = end;
        }
        t.finalEnd = finalEnd;
        t.latestEventTime = latest;
        t.evictBefore(keepFrom);
        t.put(row.windowStart(), row.counts());
        state.update(t);
        out.collect(snapshot(ctx.getCurrentKey(), liveFrom, latest + 1, t.sum(liveFrom, end), finalEnd == end));
        if (row.isFinal()) {
            // The evaluation of final minutes only, which no early update will change: alerts follow it.
            long settledFrom = finalEnd - evaluationMillis;
            ctx.output(SETTLED, snapshot(ctx.getCurrentKey(), settledFrom, finalEnd, t.sum(settledFrom, finalEnd), true));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RiskSnapshot> out) {
        if (ctx.timerService().currentWatermark() < Watermark.MAX_WATERMARK.getTimestamp()) {
            RiskSnapshot empty = snapshot(ctx.getCurrentKey(), timestamp - evaluationMillis, timestamp, OutcomeCounts.ZERO, true);
            out.collect(empty);
            ctx.output(SETTLED, empty);
        }
        state.clear();
    }

    /** The evaluation of the counts of {@code [from, to)}, whose monthly volume scales by that range. */
    private RiskSnapshot snapshot(String key, long from, long to, OutcomeCounts counts, boolean settled) {
        RiskEvaluation e = RiskEvaluation.evaluate(counts, Duration.ofMillis(to - from), policy, prices);
        return RiskSnapshot.of(DimensionKey.dimension(key), DimensionKey.value(key), from, to, e, policy, settled);
    }

    private static long minuteStart(long t) {
        return t - Math.floorMod(t, MINUTE);
    }
}
