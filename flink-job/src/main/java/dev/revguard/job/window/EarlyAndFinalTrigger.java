package dev.revguard.job.window;

import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires on every (pre-aggregated) element, so the open minute is written early, and once more
 * when the watermark passes the end of the window, which makes the row final. A late element
 * within the allowed lateness fires again and updates the final row. Records each element's latest
 * event time ({@link LatestEventTime}) before firing.
 */
public class EarlyAndFinalTrigger extends Trigger<DimensionCounts, TimeWindow> {
    @Override
    public TriggerResult onElement(DimensionCounts element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        ctx.getPartitionedState(LatestEventTime.STATE).add(element.latestEventTime());
        if (window.maxTimestamp() > ctx.getCurrentWatermark()) {
            ctx.registerEventTimeTimer(window.maxTimestamp());
        }
        return TriggerResult.FIRE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
        return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        ctx.getPartitionedState(LatestEventTime.STATE).clear();
    }
}
