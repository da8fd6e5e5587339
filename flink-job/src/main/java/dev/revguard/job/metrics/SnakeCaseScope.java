package dev.revguard.job.metrics;

import java.util.Map;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MetricGroup;

/**
 * A metric group as Flink's Prometheus reporter sees it through {@link SnakeCasePrometheusReporter}: the
 * same variables (the labels), its logical scope (the name's prefix) in snake_case. Only the reporter reads
 * it; registering metrics through it is not supported.
 */
final class SnakeCaseScope implements MetricGroup, LogicalScopeProvider {
    private final MetricGroup group;

    SnakeCaseScope(MetricGroup group) {
        this.group = group;
    }

    @Override
    public String getLogicalScope(CharacterFilter filter) {
        return getLogicalScope(filter, '.');
    }

    @Override
    public String getLogicalScope(CharacterFilter filter, char delimiter) {
        String scope = LogicalScopeProvider.castFrom(group).getLogicalScope(filter, delimiter);
        StringBuilder b = new StringBuilder();
        for (String part : scope.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)))) {
            if (b.length() > 0) b.append(delimiter);
            b.append(PrometheusNames.snakeCase(part));
        }
        return b.toString();
    }

    @Override
    public MetricGroup getWrappedMetricGroup() {
        return group;
    }

    @Override
    public Map<String, String> getAllVariables() {
        return group.getAllVariables();
    }

    @Override
    public String[] getScopeComponents() {
        return group.getScopeComponents();
    }

    @Override
    public String getMetricIdentifier(String metricName) {
        return group.getMetricIdentifier(metricName);
    }

    @Override
    public String getMetricIdentifier(String metricName, CharacterFilter filter) {
        return group.getMetricIdentifier(metricName, filter);
    }

    @Override
    public Counter counter(String name) {
        throw unsupported();
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        throw unsupported();
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        throw unsupported();
    }

    @Override
    public <H extends Histogram> H histogram(String name, H histogram) {
        throw unsupported();
    }

    @Override
    public <M extends Meter> M meter(String name, M meter) {
        throw unsupported();
    }

    @Override
    public MetricGroup addGroup(String name) {
        throw unsupported();
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("a reporter's view of a metric group");
    }
}
