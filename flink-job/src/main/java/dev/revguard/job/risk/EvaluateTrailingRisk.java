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
 */
public class EvaluateTrailingRisk extends KeyedProcessFunction<String, WindowRow, RiskSnapshot> {
    /** Evaluations over final minutes only, on every final window row. */
    public static final OutputTag<RiskSnapshot> SETTLED = new OutputTag<>("settled-evaluations") {};

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
        // Minutes are kept for the latest evaluation and for the settled one, which may lag behind.
        long keepFrom = (finalEnd == 0 ? end : Math.min(end, finalEnd)) - evaluationMillis;
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
        t.evictBefore(keepFrom);
        t.put(row.windowStart(), row.counts());
        state.update(t);
        long from = end - evaluationMillis;
        out.collect(snapshot(ctx.getCurrentKey(), from, end, t.sum(from, end), finalEnd == end));
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

    private RiskSnapshot snapshot(String key, long from, long end, OutcomeCounts counts, boolean settled) {
        RiskEvaluation e = RiskEvaluation.evaluate(counts, Duration.ofMillis(evaluationMillis), policy, prices);
        return RiskSnapshot.of(DimensionKey.dimension(key), DimensionKey.value(key), from, end, e, policy, settled);
    }
}
