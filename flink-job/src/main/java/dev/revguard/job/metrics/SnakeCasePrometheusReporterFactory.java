package dev.revguard.job.metrics;

import java.util.Properties;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * {@code metrics.reporter.prom.factory.class: dev.revguard.job.metrics.SnakeCasePrometheusReporterFactory}
 * with {@code metrics.reporter.prom.port} (Flink's Prometheus reporter's own settings; a port or a range).
 */
public class SnakeCasePrometheusReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new SnakeCasePrometheusReporter(new PrometheusReporterFactory().createMetricReporter(properties));
    }
}
