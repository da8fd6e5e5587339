package dev.revguard.query.utilization;

import java.time.Instant;
import java.util.List;

/**
 * The utilization of every VPS asked about, in the order asked.
 *
 * <p>JSON: {@code source}, {@code reason}, {@code measured_at}, {@code vps} (a list of {@link VpsUsage}).
 *
 * @param source {@value #PROMETHEUS} when Prometheus answered, {@value #UNAVAILABLE} when it is not
 *     configured or could not be asked
 * @param reason why the source is unavailable, naming the URL (never its credentials); null otherwise
 * @param measuredAt the evaluation time of the queries
 */
public record VpsUsageReport(String source, String reason, Instant measuredAt, List<VpsUsage> vps) {

    public static final String PROMETHEUS = "prometheus";
    public static final String UNAVAILABLE = "unavailable";

    static VpsUsageReport unavailable(String reason, Instant measuredAt, List<VpsTarget> targets) {
        return new VpsUsageReport(UNAVAILABLE, reason, measuredAt,
                targets.stream().map(t -> VpsUsage.unknown(t, VpsUsage.UNAVAILABLE, null)).toList());
    }
}
