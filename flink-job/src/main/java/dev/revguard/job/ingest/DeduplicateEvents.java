package dev.revguard.job.ingest;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the first outcome of each event id and drops the rest (late or not: a duplicate never
 * becomes a dead letter), remembering ids for a TTL. A provider's duplicate that names a sending
 * IP is passed on marked {@code duplicate}, only to give its message's sends their IP.
 */
public class DeduplicateEvents extends KeyedProcessFunction<String, Ingested, Ingested> {
    private final Duration ttl;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public DeduplicateEvents(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Boolean.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().addGroup("revguard").counter("duplicateEvents");
    }

    @Override
    public void processElement(Ingested in, Context ctx, Collector<Ingested> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            var e = in.event;
            if (e.fromProvider() && e.messageId() != null && e.sendingIp() != null) {
                in.duplicate = true;
                in.late = false;
                in.payload = null;
                out.collect(in);
            }
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(in);
    }
}
