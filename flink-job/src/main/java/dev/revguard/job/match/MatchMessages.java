package dev.revguard.job.match;

import dev.revguard.job.ingest.DeadLetter;
import dev.revguard.job.ingest.Ingested;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.window.Counted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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

    /** Per IP the earliest event time of the message's provider events that named it. */
    private transient MapState<String, Long> ips;
    /** Per (recipient domain, status): unmatched provider reports (positive) or PostHog reports (negative). */
    private transient MapState<String, Integer> reports;
    private transient ListState<PendingOutcome> pending;
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
        MapStateDescriptor<String, Long> ipsDescriptor = new MapStateDescriptor<>("sending-ips", Types.STRING, Types.LONG);
        ipsDescriptor.enableTimeToLive(ttl);
        ips = getRuntimeContext().getMapState(ipsDescriptor);
        MapStateDescriptor<String, Integer> reportsDescriptor =
                new MapStateDescriptor<>("reports-by-source", Types.STRING, Types.INT);
        reportsDescriptor.enableTimeToLive(ttl);
        reports = getRuntimeContext().getMapState(reportsDescriptor);
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("waiting-for-ip", TypeInformation.of(PendingOutcome.class)));
        var g = getRuntimeContext().getMetricGroup().addGroup("revguard");
        crossSourceDuplicates = g.counter("crossSourceDuplicates");
        attributed = g.counter("sendingIpAttributed");
        unattributed = g.counter("sendingIpUnknown");
        corrections = g.counter("sendingIpCorrections");
    }

    @Override
    public void processElement(Ingested in, Context ctx, Collector<Counted> out) throws Exception {
        DeliveryEvent e = in.event;
        boolean givesIp = e.fromProvider() && e.messageId() != null && e.sendingIp() != null;
        if (in.duplicate) {
            remember(e, out);
            return;
        }
        if (e.messageId() == null) {
            if (in.late) {
                ctx.output(LATE, in.asLate(maxPayloadBytes));
            } else {
                out.collect(Counted.of(e));
            }
            return;
        }
        if (acrossSources && reportedByTheOtherSource(e, in.late)) {
            crossSourceDuplicates.inc();
            if (givesIp) remember(e, out);
            return;
        }
        if (givesIp) {
            remember(e, out);
        }
        if (in.late) {
            ctx.output(LATE, in.asLate(maxPayloadBytes));
            return;
        }
        if (!e.fromProvider() || e.sendingIp() != null) {
            out.collect(Counted.of(e));
            return;
        }
        out.collect(new Counted(e, Counted.ALL_BUT_SENDING_IP, 1));
        String ip = bestIp(e.timestamp());
        if (ip != null) {
            out.collect(new Counted(e.withSendingIp(ip), Counted.SENDING_IP_ONLY, 1));
        }
        pending.add(new PendingOutcome(e, ip));
        ctx.timerService().registerEventTimeTimer(e.timestamp() + waitMillis);
    }

    /**
     * True when this report cancels one of the other source's (a duplicate); otherwise records it
     * as unmatched, unless it is late (it will not be counted).
     */
    private boolean reportedByTheOtherSource(DeliveryEvent e, boolean late) throws Exception {
        String key = (e.recipientDomain() == null ? "" : e.recipientDomain()) + '|' + e.outcome().status();
        Integer balance = reports.get(key);
        int b = balance == null ? 0 : balance;
        int side = e.fromProvider() ? 1 : -1;
        if (b * side < 0) {
            if (b + side == 0) reports.remove(key); else reports.put(key, b + side);
            return true;
        }
        if (!late) {
            reports.put(key, b + side);
        }
        return false;
    }

    /** Records the IP a provider event names, and counts waiting outcomes that had none yet under it. */
    private void remember(DeliveryEvent e, Collector<Counted> out) throws Exception {
        Long known = ips.get(e.sendingIp());
        if (known == null || e.timestamp() < known) {
            ips.put(e.sendingIp(), e.timestamp());
        }
        Iterable<PendingOutcome> waiting = pending.get();
        if (waiting == null) {
            return;
        }
        List<PendingOutcome> all = new ArrayList<>();
        boolean changed = false;
        for (PendingOutcome p : waiting) {
            long t = p.event.timestamp();
            if (p.countedUnder == null && e.timestamp() >= t - memoryMillis && e.timestamp() <= t + waitMillis) {
                p.countedUnder = e.sendingIp();
                out.collect(new Counted(p.event.withSendingIp(p.countedUnder), Counted.SENDING_IP_ONLY, 1));
                changed = true;
            }
            all.add(p);
        }
        if (changed) {
            pending.update(all);
        }
    }

    /** The IP the rule gives an outcome at {@code t}: the earliest naming within [t - memory, t + wait]. */
    private String bestIp(long t) throws Exception {
        String best = null;
        long bestTime = Long.MAX_VALUE;
        for (Map.Entry<String, Long> entry : ips.entries()) {
            long named = entry.getValue();
            if (named < t - memoryMillis || named > t + waitMillis) {
                continue;
            }
            if (named < bestTime || named == bestTime && entry.getKey().compareTo(best) < 0) {
                best = entry.getKey();
                bestTime = named;
            }
        }
        return best;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Counted> out) throws Exception {
        List<PendingOutcome> still = new ArrayList<>();
        for (PendingOutcome p : pending.get()) {
            if (p.event.timestamp() + waitMillis > timestamp) {
                still.add(p);
                continue;
            }
            String best = bestIp(p.event.timestamp());
            if (p.countedUnder == null) {
                out.collect(new Counted(p.event.withSendingIp(best), Counted.SENDING_IP_ONLY, 1));
            } else if (!Objects.equals(p.countedUnder, best)) {
                corrections.inc();
                out.collect(new Counted(p.event.withSendingIp(p.countedUnder), Counted.SENDING_IP_ONLY, -1));
                out.collect(new Counted(p.event.withSendingIp(best), Counted.SENDING_IP_ONLY, 1));
            }
            (best == null ? unattributed : attributed).inc();
        }
        if (still.isEmpty()) {
            pending.clear();
        } else {
            pending.update(still);
        }
    }
}
