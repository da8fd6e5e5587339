package dev.revguard.job.match;

import dev.revguard.job.ingest.DeadLetter;
import dev.revguard.job.ingest.Ingested;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.window.Counted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Everything that needs the other reports of the same provider message, keyed by the message id
 * ({@link #keyOf}); outcomes without one pass straight through.
 *
 * <ul>
 *   <li><b>One outcome, two sources.</b> A PostHog outcome and a provider outcome with the same
 *       (message id, recipient domain, status) are one: the report read first counts, a report from
 *       the other source cancels at most one. Within one source only event ids deduplicate.</li>
 *   <li><b>The sending IP of a provider outcome that names none</b> (a send, a complaint, a drop):
 *       the IP named by the message's provider event with the earliest event time within
 *       [{@code t - memory}, {@code t + wait}]. The outcome counts at once under every other
 *       dimension; under {@code sending_ip} it counts as soon as an IP is known, and once the
 *       watermark passes {@code t + wait} the rule decides: under that IP (a correction moves it
 *       when an earlier event arrived later), or under {@code unknown} when none was named.</li>
 *   <li><b>Late outcomes</b> that are not duplicates become dead letters here.</li>
 * </ul>
 */
public class MatchMessages extends KeyedProcessFunction<String, Ingested, Counted> {
    public static final OutputTag<DeadLetter> LATE = new OutputTag<>("late-outcomes") {};

    private final long waitMillis;
    private final long memoryMillis;
    private final Duration memory;
    private final boolean acrossSources;
    private final int maxPayloadBytes;

    /** The message's IPs, unmatched reports and waiting outcomes: one value per message. */
    private transient ValueState<MessageState> message;
    private transient Counter crossSourceDuplicates;
    private transient Counter attributed;
    private transient Counter unattributed;
    private transient Counter corrections;

    public MatchMessages(Duration wait, Duration memory, boolean acrossSources, int maxPayloadBytes) {
        this.waitMillis = wait.toMillis();
        this.memoryMillis = memory.toMillis();
        this.memory = memory;
        this.acrossSources = acrossSources;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The key: the message id, or for an outcome without one its own dedup key. */
    public static String keyOf(Ingested in) {
        String m = in.event.messageId();
        return m != null ? "m:" + m : "e:" + in.event.dedupKey();
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(memory)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
        ValueStateDescriptor<MessageState> descriptor =
                new ValueStateDescriptor<>("message", TypeInformation.of(MessageState.class));
        descriptor.enableTimeToLive(ttl);
        message = getRuntimeContext().getState(descriptor);
        var g = getRuntimeContext().getMetricGroup().addGroup("revguard");
        crossSourceDuplicates = g.counter("crossSourceDuplicates");
        attributed = g.counter("sendingIpAttributed");
        unattributed = g.counter("sendingIpUnknown");
        corrections = g.counter("sendingIpCorrections");
    }

    @Override
    public void processElement(Ingested in, Context ctx, Collector<Counted> out) throws Exception {
        DeliveryEvent e = in.event;
        if (e.messageId() == null) {
            if (in.duplicate) {
                return;
            }
            if (in.late) {
                ctx.output(LATE, in.asLate(maxPayloadBytes));
            } else {
                out.collect(Counted.of(e));
            }
            return;
        }
        MessageState m = message.value();
        if (m == null) {
            m = new MessageState();
        }
        boolean givesIp = e.fromProvider() && e.sendingIp() != null;
        boolean changed = givesIp && remember(m, e, out);
        if (in.duplicate) {
            save(m, changed);
            return;
        }
        if (acrossSources) {
            Boolean cancelled = reportedByTheOtherSource(m, e, in.late);
            if (cancelled == null) {
                changed = true;
            } else if (cancelled) {
                crossSourceDuplicates.inc();
                save(m, true);
                return;
            }
        }
        if (in.late) {
            ctx.output(LATE, in.asLate(maxPayloadBytes));
            save(m, changed);
            return;
        }
        if (!e.fromProvider() || e.sendingIp() != null) {
            out.collect(Counted.of(e));
            save(m, changed);
            return;
        }
        out.collect(new Counted(e, Counted.ALL_BUT_SENDING_IP, 1));
        String ip = bestIp(m, e.timestamp());
        if (ip != null) {
            out.collect(new Counted(e.withSendingIp(ip), Counted.SENDING_IP_ONLY, 1));
        }
        m.addPending(new PendingOutcome(e, ip));
        save(m, true);
        ctx.timerService().registerEventTimeTimer(e.timestamp() + waitMillis);
    }

    private void save(MessageState m, boolean changed) throws Exception {
        if (!changed) {
            return;
        }
        if (m.isEmpty()) {
            message.clear();
        } else {
            message.update(m);
        }
    }

    /**
     * True when this report cancels one of the other source's (a duplicate), false when it counts
     * and nothing was recorded (it is late: it will not be counted), null when it counts and was
     * recorded as unmatched.
     */
    private static Boolean reportedByTheOtherSource(MessageState m, DeliveryEvent e, boolean late) {
        String key = (e.recipientDomain() == null ? "" : e.recipientDomain()) + '|' + e.outcome().status();
        int b = m.balance(key);
        int side = e.fromProvider() ? 1 : -1;
        if (b * side < 0) {
            m.setBalance(key, b + side);
            return true;
        }
        if (late) {
            return false;
        }
        m.setBalance(key, b + side);
        return null;
    }

    /** Records the IP a provider event names, and counts waiting outcomes that had none yet under it. */
    private boolean remember(MessageState m, DeliveryEvent e, Collector<Counted> out) {
        boolean changed = m.nameIp(e.sendingIp(), e.timestamp());
        for (PendingOutcome p : m.pending) {
            long t = p.event.timestamp();
            if (p.countedUnder == null && e.timestamp() >= t - memoryMillis && e.timestamp() <= t + waitMillis) {
                p.countedUnder = e.sendingIp();
                out.collect(new Counted(p.event.withSendingIp(p.countedUnder), Counted.SENDING_IP_ONLY, 1));
                changed = true;
            }
        }
        return changed;
    }

    /** The IP the rule gives an outcome at {@code t}: the earliest naming within [t - memory, t + wait]. */
    private String bestIp(MessageState m, long t) {
        return m.earliestIpBetween(t - memoryMillis, t + waitMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Counted> out) throws Exception {
        MessageState m = message.value();
        if (m == null) {
            return;
        }
        List<PendingOutcome> still = new ArrayList<>();
        for (PendingOutcome p : m.pending) {
            if (p.event.timestamp() + waitMillis > timestamp) {
                still.add(p);
                continue;
            }
            String best = bestIp(m, p.event.timestamp());
            if (p.countedUnder == null) {
                out.collect(new Counted(p.event.withSendingIp(best), Counted.SENDING_IP_ONLY, 1));
            } else if (!Objects.equals(p.countedUnder, best)) {
                corrections.inc();
                out.collect(new Counted(p.event.withSendingIp(p.countedUnder), Counted.SENDING_IP_ONLY, -1));
                out.collect(new Counted(p.event.withSendingIp(best), Counted.SENDING_IP_ONLY, 1));
            }
            (best == null ? unattributed : attributed).inc();
        }
        m.pending = still.toArray(new PendingOutcome[0]);
        save(m, true);
    }
}
