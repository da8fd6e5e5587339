package dev.revguard.job.alert;

import dev.revguard.job.risk.RiskSnapshot;
import dev.revguard.job.risk.Severity;
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
 * {@code resolved} when it is healthy again. A new severity counts only once it has held for the
 * hold time (event time), so a rate hovering on a threshold does not flap; insufficient data
 * neither fires nor resolves. Getting better without being healthy is not notified.
 *
 * <p>Decisions depend only on event time and settled evaluations, so a replay or a restart makes
 * the same transitions, and the ids derived from them are the same.
 */
public class TrackAlertState extends KeyedProcessFunction<String, RiskSnapshot, AlertTransition> {
    private static final int HEALTHY = Severity.HEALTHY.ordinal();
    private static final int MONITOR = Severity.MONITOR.ordinal();
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
        if (!s.settled() || severity == Severity.INSUFFICIENT_DATA) {
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
        if (level != a.candidateLevel) {
            a.candidateLevel = level;
            a.candidateSince = t;
        }
        boolean held = t - a.candidateSince >= holdMillis;

        if (a.alertId == null) {
            if (level >= MONITOR && held) {
                a.alertId = AlertIds.alertId(s.dimension(), s.value(), a.candidateSince);
                a.startedAt = a.candidateSince;
                a.seq = 1;
                a.notifiedLevel = level;
                a.lastNotifiedAt = t;
                emit(out, a, AlertTransition.FIRING, s, 0);
            } else if (level <= HEALTHY) {
                state.clear();
                return;
            }
        } else if (level == HEALTHY && held) {
            a.seq++;
            emit(out, a, AlertTransition.RESOLVED, s, a.candidateSince);
            state.clear();
            return;
        } else if (level > a.notifiedLevel && held) {
            a.seq++;
            a.notifiedLevel = level;
            a.lastNotifiedAt = t;
            emit(out, a, AlertTransition.ESCALATED, s, 0);
        } else if (t - a.lastNotifiedAt >= repeatMillis) {
            a.seq++;
            a.lastNotifiedAt = t;
            emit(out, a, AlertTransition.REPEAT, s, 0);
        }
        state.update(a);
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
