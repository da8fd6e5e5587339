package dev.revguard.job.window;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a window's sum into a row, final once the watermark has passed the window. */
public class EmitWindowRow extends ProcessWindowFunction<OutcomeCounts, WindowRow, String, TimeWindow> {
    @Override
    public void process(String key, Context ctx, Iterable<OutcomeCounts> sums, Collector<WindowRow> out) throws Exception {
        OutcomeCounts counts = sums.iterator().next();
        boolean isFinal = ctx.currentWatermark() >= ctx.window().maxTimestamp();
        Long latest = ctx.windowState().getReducingState(LatestEventTime.STATE).get();
        out.collect(new WindowRow(DimensionKey.dimension(key), DimensionKey.value(key),
                ctx.window().getStart(), ctx.window().getEnd(), counts, isFinal,
                latest == null ? ctx.window().maxTimestamp() : latest));
    }
}
