package dev.revguard.job.window;

import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The latest event time of a minute window, kept next to its sum. The window's sum (an
 * {@link OutcomeCounts} accumulator) stays as it was, so savepoints of earlier versions restore;
 * the trigger, which sees every partial sum, records its latest event time in the window's own
 * keyed state, where the window function reads it. Windows restored from a version without it
 * report their end (the whole minute), as that version assumed.
 */
public final class LatestEventTime {
    static final ReducingStateDescriptor<Long> STATE =
            new ReducingStateDescriptor<>("latest-event-time", (ReduceFunction<Long>) Math::max, Types.LONG);

    private LatestEventTime() {}
}
