package dev.revguard.query.utilization;

/**
 * One VPS to measure, as its {@code vps_instances} row describes it.
 *
 * @param instanceId the row's {@code instance_id}
 * @param metricsInstance the Prometheus {@code instance} label of the server's node exporter, such as
 *     {@code 10.0.0.5:9100}; null when the server has no metrics
 * @param networkMbps the link capacity in megabits per second; null when unknown, which leaves the
 *     network utilization unknown
 */
public record VpsTarget(String instanceId, String metricsInstance, Double networkMbps) {}
