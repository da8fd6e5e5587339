package dev.revguard.job.alert;

import dev.revguard.job.window.DimensionValues;
import dev.revguard.job.risk.RiskSnapshot;
import dev.revguard.common.Severity;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Follows the severity of a dimension value through its settled evaluations and decides what is
 * notified: {@code firing} when it reaches monitor or worse, {@code escalated} when it gets worse
 * (monitor, warning, critical), {@code repeat} every repeat interval while it is firing, and
 * {@code resolved} when it is healthy again. Like an Alertmanager rule's {@code for}, a level counts
 * once the severity has been at least that level for the whole hold time (event time): a sender
 * that goes monitor → warning → critical faster than the hold is paged at monitor once monitor or
 * worse has held, then escalated as each worse level holds; a rate hovering on a threshold does
 * not flap. Resolving needs healthy for the hold time. Insufficient data neither fires, resolves
 * nor interrupts a hold. Getting better without being healthy is not notified.
 *
 * <p>Decisions depend only on event time and settled evaluations, so a replay or a restart makes
 * the same transitions, and the ids derived from them are the same.
 */
public class TrackAlertState extends KeyedProcessFunction<String, RiskSnapshot, AlertTransition> {
    private static final int HEALTHY = Severity.HEALTHY.ordinal();
    private static final int MONITOR = Severity.MONITOR.ordinal();
    private static final int WARNING = Severity.WARNING.ordinal();
    private static final int CRITICAL = Severity.CRITICAL.ordinal();
    private static final Severity[] LEVELS = Severity.values();

    private final long holdMillis;
    private final long repeatMillis;
    private transient ValueState<AlertState> state;
    private transient Counter transitions;

    public TrackAlertState(Duration hold, Duration repeatInterval) {
        this.holdMillis = hold.toMillis();
        this.repeatMillis = repeatInterval.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("alert", AlertState.class));
        transitions = getRuntimeContext().getMetricGroup().addGroup("revguard").counter("alertTransitions");
    }

    @Override
    public void processElement(RiskSnapshot s, Context ctx, Collector<AlertTransition> out) throws Exception {
        Severity severity = Severity.valueOf(s.severity().toUpperCase(java.util.Locale.ROOT));
        // "unknown" gathers the events that carry no value for the dimension (a provider's bounce
        // without its message's IP): it names no sender anyone could fix, so it pages nobody.
        if (!s.settled() || severity == Severity.INSUFFICIENT_DATA || DimensionValues.UNKNOWN.equals(s.value())) {
            return;
        }
        int level = severity.ordinal();
        long t = s.evaluatedAt();
        AlertState a = state.value();
        if (a == null) {
            if (level <= HEALTHY) {
                return; // healthy with no incident: nothing to remember
            }
            a = new AlertState();
        }
        a.monitorSince = since(a.monitorSince, level >= MONITOR, t);
        a.warningSince = since(a.warningSince, level >= WARNING, t);
        a.criticalSince = since(a.criticalSince, level >= CRITICAL, t);
        a.healthySince = since(a.healthySince, level == HEALTHY, t);
        int held = heldLevel(a, t);

        if (a.alertId == null) {
            if (held >= MONITOR) {
                a.alertId = AlertIds.alertId(s.dimension(), s.value(), a.monitorSince);
                a.startedAt = a.monitorSince;
                a.seq = 1;
                a.notifiedLevel = held;
                a.lastNotifiedAt = t;
                emit(out, a, AlertTransition.FIRING, s, 0);
            } else if (level <= HEALTHY) {
                state.clear();
                return;
            }
        } else if (held == HEALTHY) {
            a.seq++;
            emit(out, a, AlertTransition.RESOLVED, s, a.healthySince);
            state.clear();
            return;
        } else if (held > a.notifiedLevel) {
            a.seq++;
            a.notifiedLevel = held;
            a.lastNotifiedAt = t;
            emit(out, a, AlertTransition.ESCALATED, s, 0);
        } else if (t - a.lastNotifiedAt >= repeatMillis) {
            a.seq++;
            a.lastNotifiedAt = t;
            emit(out, a, AlertTransition.REPEAT, s, 0);
        }
        state.update(a);
    }

    private static long since(long since, boolean now, long t) {
        return !now ? AlertState.NONE : since == AlertState.NONE ? t : since;
    }

    /** The worst level held for the whole hold time: critical, warning, monitor, healthy, or -1. */
    private int heldLevel(AlertState a, long t) {
        if (held(a.criticalSince, t)) {
            return CRITICAL;
        }
        if (held(a.warningSince, t)) {
            return WARNING;
        }
        if (held(a.monitorSince, t)) {
            return MONITOR;
        }
        return held(a.healthySince, t) ? HEALTHY : -1;
    }

    private boolean held(long since, long t) {
        return since != AlertState.NONE && t - since >= holdMillis;
    }

    private void emit(Collector<AlertTransition> out, AlertState a, String kind, RiskSnapshot s, long endsAt) {
        transitions.inc();
        boolean resolved = AlertTransition.RESOLVED.equals(kind);
        out.collect(new AlertTransition(a.alertId, AlertIds.webhookId(a.alertId, a.seq), a.seq, kind,
                resolved ? "resolved" : "firing", LEVELS[a.notifiedLevel].label(), s.severity(),
                s.dimension(), s.value(), a.startedAt, endsAt, s.evaluatedAt(), s.counts().sent(),
                s.bounceRate(), s.spamRate(), s.deliverabilityRate(), s.revenueRiskUsd()));
    }
}
