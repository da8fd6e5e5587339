package dev.revguard.query.utilization;

import dev.revguard.query.web.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The VPSs of {@code vps_instances} with their utilization from Prometheus. */
public final class VpsInventory {
    /** A row of {@code vps_instances}. */
    public record VpsRow(String instanceId, String name, String provider, String region, BigDecimal monthlyCostUsd,
            Integer vcpus, BigDecimal memoryGb, BigDecimal diskGb, BigDecimal networkMbps, String metricsInstance) {}

    public interface Queries {
        @SqlQuery("SELECT instance_id, name, provider, region, monthly_cost_usd, vcpus, memory_gb, disk_gb, network_mbps, "
                + "metrics_instance FROM vps_instances ORDER BY instance_id")
        @RegisterConstructorMapper(VpsRow.class)
        List<VpsRow> all();
    }

    /**
     * One VPS with its four utilizations; {@code utilization} is the highest last-hour value (what
     * the efficiency score rates), null without metrics.
     */
    public record Vps(String instanceId, String name, String provider, String region, double monthlyCostUsd,
            Integer vcpus, Double memoryGb, Double diskGb, Double networkMbps, String metricsInstance, String metrics,
            String detail, Utilization cpu, Utilization memory, Utilization disk, Utilization network, Double utilization,
            String band) {}

    /** The answer's VPS half: where the numbers came from, and each VPS. */
    public record Report(String source, String reason, Instant measuredAt, List<Vps> vps) {}

    private final Queries queries;
    private final PrometheusClient prometheus;

    private final dev.revguard.query.web.TtlCache<String, Report> cache;
    private final java.time.Clock clock;

    public VpsInventory(Jdbi jdbi, PrometheusClient prometheus, java.time.Clock clock, java.time.Duration cacheTtl) {
        this.queries = jdbi.onDemand(Queries.class);
        this.prometheus = prometheus;
        this.clock = clock;
        this.cache = new dev.revguard.query.web.TtlCache<>(cacheTtl);
    }

    /** The report as of now, reused for the cache time (Prometheus is asked at most that often). */
    public Report current() {
        return cache.get("vps", k -> report(clock.instant()));
    }

    public Report report(Instant now) {
        List<VpsRow> rows = queries.all();
        VpsUsageReport usage = prometheus.usage(rows.stream().map(r -> new VpsTarget(r.instanceId(), r.metricsInstance(),
                r.networkMbps() == null ? null : r.networkMbps().doubleValue())).toList(), now);
        List<Vps> vps = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            VpsRow r = rows.get(i);
            VpsUsage u = usage.vps().get(i);
            Double highest = Stream.of(u.cpu(), u.memory(), u.disk(), u.network())
                    .map(Utilization::lastHour).filter(java.util.Objects::nonNull).max(Double::compare).orElse(null);
            vps.add(new Vps(r.instanceId(), r.name(), r.provider(), r.region(), Money.cents(r.monthlyCostUsd().doubleValue()),
                    r.vcpus(), decimal(r.memoryGb()), decimal(r.diskGb()), decimal(r.networkMbps()), r.metricsInstance(),
                    u.metrics(), u.detail(), u.cpu(), u.memory(), u.disk(), u.network(), highest,
                    dev.revguard.query.efficiency.UtilizationScore.band(highest)));
        }
        return new Report(usage.source(), usage.reason(), usage.measuredAt(), vps);
    }

    private static Double decimal(BigDecimal d) {
        return d == null ? null : d.doubleValue();
    }
}
