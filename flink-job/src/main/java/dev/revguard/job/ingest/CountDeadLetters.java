package dev.revguard.job.ingest;

import dev.revguard.job.source.Reasons;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts the dead letters on their way to {@code dead_letter_events} by reason
 * ({@code revguard.reason.<reason>.deadLetters}), those of the parsers and the late outcomes alike. Every
 * reason's counter exists from the start, so a rate over it is 0 rather than absent.
 */
public class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {
    private transient MetricGroup group;
    private transient Map<String, Counter> byReason;

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup().addGroup("revguard");
        byReason = new HashMap<>();
        Reasons.ALL.forEach(this::counter);
    }

    private Counter counter(String reason) {
        return byReason.computeIfAbsent(reason, r -> group.addGroup("reason", r).counter("deadLetters"));
    }

    @Override
    public DeadLetter map(DeadLetter d) {
        counter(d.reason() == null ? "unknown" : d.reason()).inc();
        return d;
    }
}
