package dev.revguard.job.ingest;

import dev.revguard.job.source.Decision;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Sends outcomes on, strategic decisions to one side output (they belong to no window: never
 * late) and dead letters (bad records) to another; marks the outcomes too late
 * for their window, which become dead letters downstream unless they turn out to be duplicates (a
 * duplicate is dropped before the lateness check). Runs chained to the sources, where the raw
 * record is still at hand: only a late outcome keeps it.
 *
 * <p>An event is too late when the watermark has passed the end of its 1-minute window plus the
 * allowed lateness: the window operator would drop it. Deciding here, upstream of every shuffle,
 * guarantees the window never sees it (a downstream watermark is never ahead of this one). The
 * watermark is kept in operator state: after a restore the source starts its watermark afresh,
 * and without it an event that was too late before the failure could be counted after it.
 *
 * <p>After a restore the kept watermark is also sent on at once: the minutes it had already passed
 * become final without waiting for newer events (a topic read to its end before the checkpoint
 * would otherwise hold them open until something new arrives). Watermarks from the source below
 * it are not forwarded.
 *
 * <p>Its gauge {@code revguard.source.<source>.watermarkLagSeconds} is the wall-clock time minus that
 * watermark: how far the event time the job has settled trails now (NaN before the first watermark).
 */
public class RouteRecords extends AbstractStreamOperator<Ingested>
        implements OneInputStreamOperator<Ingested, Ingested> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<Decision> DECISIONS = new OutputTag<>("decisions") {};

    private final String source;
    private final long windowMillis;
    private final long allowedLatenessMillis;
    private transient volatile long watermark;
    private transient long forwarded;
    private transient ListState<Long> watermarkState;
    private transient Counter lateEvents;
    private transient Counter deadLetters;

    public RouteRecords(long windowMillis, long allowedLatenessMillis) {
        this("unnamed", windowMillis, allowedLatenessMillis);
    }

    /** @param source the name of the Kafka source whose records it routes, its watermark lag's label */
    public RouteRecords(String source, long windowMillis, long allowedLatenessMillis) {
        this.source = source;
        this.windowMillis = windowMillis;
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        watermarkState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("watermark", Long.class));
        watermark = Long.MIN_VALUE;
        // After rescaling every subtask sees every old subtask's value: the smallest is safe.
        long min = Long.MAX_VALUE;
        for (Long w : watermarkState.get()) {
            min = Math.min(min, w);
        }
        if (min != Long.MAX_VALUE) {
            watermark = min;
        }
        forwarded = Long.MIN_VALUE;
    }

    @Override
    public void open() throws Exception {
        super.open();
        lateEvents = getMetricGroup().addGroup("revguard").counter("lateEvents");
        deadLetters = getMetricGroup().addGroup("revguard").counter("deadLetters");
        getMetricGroup().addGroup("revguard").addGroup("source", source).gauge("watermarkLagSeconds", this::watermarkLagSeconds);
        if (watermark != Long.MIN_VALUE) {
            var time = getProcessingTimeService();
            time.registerTimer(time.getCurrentProcessingTime(), t -> forward(new Watermark(watermark)));
        }
    }

    @Override
    public void processElement(StreamRecord<Ingested> element) {
        Ingested in = element.getValue();
        if (in.deadLetter != null) {
            deadLetter(in.deadLetter);
            return;
        }
        if (in.decision != null) {
            output.collect(DECISIONS, new StreamRecord<>(in.decision));
            return;
        }
        long windowStart = TimeWindow.getWindowStartWithOffset(in.event.timestamp(), 0, windowMillis);
        if (windowStart + windowMillis - 1 + allowedLatenessMillis <= watermark) {
            lateEvents.inc();
            in.late = true;
        } else {
            in.payload = null;
        }
        output.collect(element);
    }

    private double watermarkLagSeconds() {
        long w = watermark;
        if (w == Long.MIN_VALUE) {
            return Double.NaN;
        }
        return w == Long.MAX_VALUE ? 0 : (System.currentTimeMillis() - w) / 1000.0; // MAX: a bounded input's end
    }

    private void deadLetter(DeadLetter d) {
        deadLetters.inc();
        output.collect(DEAD_LETTERS, new StreamRecord<>(d));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = Math.max(watermark, mark.getTimestamp());
        forward(mark);
    }

    private void forward(Watermark mark) throws Exception {
        if (mark.getTimestamp() > forwarded) {
            forwarded = mark.getTimestamp();
            super.processWatermark(mark);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        watermarkState.update(List.of(watermark));
    }
}
