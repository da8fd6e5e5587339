package dev.revguard.job.window;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's sum into a row, final once the watermark has passed the window (a
 * {@code sending_ip} window {@code finalDelayOfSendingIp} later, see {@link EarlyAndFinalTrigger}).
 */
public class EmitWindowRow extends ProcessWindowFunction<OutcomeCounts, WindowRow, String, TimeWindow> {
    private final long finalDelayOfSendingIp;

    public EmitWindowRow(long finalDelayOfSendingIp) {
        this.finalDelayOfSendingIp = finalDelayOfSendingIp;
    }

    @Override
    public void process(String key, Context ctx, Iterable<OutcomeCounts> sums, Collector<WindowRow> out) throws Exception {
        OutcomeCounts counts = sums.iterator().next();
        String dimension = DimensionKey.dimension(key);
        long delay = dev.revguard.common.Dimension.SENDING_IP.label().equals(dimension) ? finalDelayOfSendingIp : 0;
        boolean isFinal = ctx.currentWatermark() >= ctx.window().maxTimestamp() + delay;
        Long latest = ctx.windowState().getReducingState(LatestEventTime.STATE).get();
        out.collect(new WindowRow(dimension, DimensionKey.value(key),
                ctx.window().getStart(), ctx.window().getEnd(), counts, isFinal,
                latest == null ? ctx.window().maxTimestamp() : latest));
    }
}
