package dev.revguard.query.utilization;

/**
 * The measured utilization of one VPS.
 *
 * <p>JSON: {@code instance_id}, {@code metrics_instance}, {@code metrics}, {@code detail}, {@code cpu},
 * {@code memory}, {@code disk}, {@code network}; each of the last four is a {@link Utilization}.
 *
 * @param metrics {@value #FOUND} when Prometheus has series for the instance, {@value #NONE} when it has
 *     none or the VPS has no {@code metrics_instance}, {@value #UNAVAILABLE} when Prometheus could not be
 *     asked (the report's {@code reason} says why)
 * @param detail what is missing, in words (no series for the instance, no network capacity, ...); null
 *     when nothing is
 */
public record VpsUsage(
        String instanceId,
        String metricsInstance,
        String metrics,
        String detail,
        Utilization cpu,
        Utilization memory,
        Utilization disk,
        Utilization network) {

    public static final String FOUND = "found";
    public static final String NONE = "none";
    public static final String UNAVAILABLE = "unavailable";

    static VpsUsage unknown(VpsTarget target, String metrics, String detail) {
        return new VpsUsage(target.instanceId(), target.metricsInstance(), metrics, detail,
                Utilization.UNKNOWN, Utilization.UNKNOWN, Utilization.UNKNOWN, Utilization.UNKNOWN);
    }
}
