package dev.revguard.query.utilization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.revguard.query.cost.IpFigures;
import dev.revguard.query.cost.IpInventory;
import dev.revguard.query.efficiency.UtilizationScore;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * Operational Efficiency's resources: every VPS's CPU, memory, disk and network over the last hour
 * and its 7-day peak (from Prometheus; {@code source: unavailable} with the reason when it is not
 * configured or does not answer in time), and every SMTP IP's volume against its capacity, warm-up
 * progress and success rate.
 */
public final class UtilizationController {
    private final VpsInventory vps;
    private final IpInventory ips;
    public UtilizationController(VpsInventory vps, IpInventory ips) {
        this.vps = vps;
        this.ips = ips;
    }

    public void utilization(Context ctx) {
        VpsInventory.Report report = vps.current();
        ctx.json(new Answer(report.source(), report.reason(), report.measuredAt(), report.vps(),
                ips.current().stream().map(IpUse::of).toList()));
    }

    /** The answer of {@code GET /api/v1/utilization}. */
    public record Answer(String source, String reason, Instant measuredAt, List<VpsInventory.Vps> vps, List<IpUse> ips) {}

    /**
     * @param volumeVsCapacity the IP's utilization: average daily sent ÷ capacity (active), sent today ÷
     *     today's warm-up target (warming)
     * @param successRate delivered ÷ sent over the trailing 7 days
     */
    public record IpUse(String ip, String status, long sentToday, double avgDailySent, long dailyCapacity,
            Long capacityToday, Double volumeVsCapacity, String band, IpFigures.Warmup warmup,
            @JsonProperty("sent_7d") long sent7d, @JsonProperty("delivered_7d") long delivered7d, Double successRate) {
        static IpUse of(IpFigures f) {
            return new IpUse(f.ip(), f.status(), f.sentToday(), f.avgDailySent(), f.dailyCapacity(), f.capacityToday(),
                    f.utilization(), f.active() ? UtilizationScore.band(f.utilization()) : null, f.warmup(), f.sent7d(),
                    f.delivered7d(), f.successRate7d());
        }
    }
}
