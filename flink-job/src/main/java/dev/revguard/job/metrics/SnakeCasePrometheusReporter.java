package dev.revguard.job.metrics;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * Flink's own Prometheus reporter ({@code flink-metrics-prometheus}, serving {@code GET /metrics} on its
 * port) behind a renaming: it is handed only the metrics {@link PrometheusNames} keeps, under snake_case
 * names in base units ({@code numRestarts} → {@code flink_jobmanager_job_restarts},
 * {@code lastCheckpointDuration} in ms → {@code flink_jobmanager_job_last_checkpoint_duration_seconds}),
 * so that {@code promtool check metrics} finds nothing to report. Labels are Flink's variables, as ever.
 */
public final class SnakeCasePrometheusReporter implements MetricReporter {
    private final MetricReporter prometheus;
    /** What was handed on for each metric, to remove the same on removal. */
    private final Map<Metric, Reported> reported = new IdentityHashMap<>();

    private record Reported(Metric metric, String name, MetricGroup group) {}

    SnakeCasePrometheusReporter(MetricReporter prometheus) {
        this.prometheus = prometheus;
    }

    @Override
    public void open(MetricConfig config) {
        prometheus.open(config);
    }

    @Override
    public void close() {
        prometheus.close();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String scope = LogicalScopeProvider.castFrom(group).getLogicalScope(s -> s, '.');
        PrometheusNames.Kept kept = PrometheusNames.kept(metricName, scope);
        if (kept == null) {
            return;
        }
        Metric shown = kept.scale() == 1 || !(metric instanceof Gauge<?> g) ? metric : scaled(g, kept.scale());
        Reported r = new Reported(shown, kept.name(), new SnakeCaseScope(group));
        synchronized (reported) {
            reported.put(metric, r);
        }
        prometheus.notifyOfAddedMetric(r.metric(), r.name(), r.group());
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        Reported r;
        synchronized (reported) {
            r = reported.remove(metric);
        }
        if (r != null) {
            prometheus.notifyOfRemovedMetric(r.metric(), r.name(), r.group());
        }
    }

    private static Gauge<Double> scaled(Gauge<?> gauge, double scale) {
        return () -> gauge.getValue() instanceof Number n ? n.doubleValue() * scale : null;
    }
}
