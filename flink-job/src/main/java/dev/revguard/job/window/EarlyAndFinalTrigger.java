package dev.revguard.job.window;

import dev.revguard.common.Dimension;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires on every (pre-aggregated) element, so the open minute is written early, and once more
 * when the window's row becomes final: when the watermark passes the end of the window, or for a
 * {@code sending_ip} window {@code finalDelayOfSendingIp} later (the sends of its minute may
 * still be waiting for the IP their message's later events name). A late element within the
 * allowed lateness fires again and updates the final row. Records each element's latest event time
 * ({@link LatestEventTime}) before firing.
 *
 * <p>The final timer is set once per window (a flag in the window's state says it is), for the
 * time that fits the window's dimension. A window restored from a version without the flag had its
 * timer set for its end: when that fires the trigger also sets the later one, as it cannot tell a
 * {@code sending_ip} window from another there (at worst one more identical write).
 */
public class EarlyAndFinalTrigger extends Trigger<DimensionCounts, TimeWindow> {
    static final ValueStateDescriptor<Boolean> ARMED = new ValueStateDescriptor<>("final-timer-of-sending-ip", Types.BOOLEAN);
    private static final String SENDING_IP = Dimension.SENDING_IP.label();

    private final long finalDelayOfSendingIp;

    public EarlyAndFinalTrigger(long finalDelayOfSendingIp) {
        this.finalDelayOfSendingIp = finalDelayOfSendingIp;
    }

    @Override
    public TriggerResult onElement(DimensionCounts element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        ctx.getPartitionedState(LatestEventTime.STATE).add(element.latestEventTime());
        ValueState<Boolean> armed = ctx.getPartitionedState(ARMED);
        if (armed.value() == null) {
            boolean ip = SENDING_IP.equals(element.dimension());
            long finalAt = window.maxTimestamp() + (ip ? finalDelayOfSendingIp : 0);
            if (finalAt > ctx.getCurrentWatermark()) {
                ctx.registerEventTimeTimer(finalAt);
            }
            armed.update(ip);
        }
        return TriggerResult.FIRE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        long end = window.maxTimestamp();
        if (time == end) {
            if (finalDelayOfSendingIp > 0 && ctx.getPartitionedState(ARMED).value() == null) {
                ctx.registerEventTimeTimer(end + finalDelayOfSendingIp);
            }
            return TriggerResult.FIRE;
        }
        return time == end + finalDelayOfSendingIp ? TriggerResult.FIRE : TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        if (finalDelayOfSendingIp > 0) {
            ctx.deleteEventTimeTimer(window.maxTimestamp() + finalDelayOfSendingIp);
        }
        ctx.getPartitionedState(LatestEventTime.STATE).clear();
        ctx.getPartitionedState(ARMED).clear();
    }
}
