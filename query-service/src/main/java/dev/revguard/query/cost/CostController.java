package dev.revguard.query.cost;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.revguard.query.web.JsonAnswer;
import dev.revguard.query.web.Money;
import dev.revguard.query.web.Params;
import dev.revguard.query.web.TtlCache;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The Cost Optimization Center: the month's summary row, every SMTP IP's cost and use, the
 * underutilized IPs and what retiring them saves, and the warm-ups against their schedule.
 */
public final class CostController {
    private final CostQueries queries;
    private final IpInventory inventory;
    private final Clock clock;
    private final double underusedThreshold;
    private final TtlCache<LocalDate, java.util.Optional<MonthSummary>> months;
    private final TtlCache<YearMonth, JsonAnswer> answers;
    private final java.time.Duration cacheTtl;
    private final Supplier<RoiAchievement> roiAchievement;

    /** Without ROI achievement: the month summaries the efficiency score (and through it the decisions) read. */
    public CostController(Jdbi jdbi, IpInventory inventory, Clock clock, double underusedThreshold,
            java.time.Duration cacheTtl) {
        this(jdbi.onDemand(CostQueries.class), inventory, clock, underusedThreshold, cacheTtl, new TtlCache<>(cacheTtl),
                () -> RoiAchievement.NONE);
    }

    private CostController(CostQueries queries, IpInventory inventory, Clock clock, double underusedThreshold,
            java.time.Duration cacheTtl, TtlCache<LocalDate, java.util.Optional<MonthSummary>> months,
            Supplier<RoiAchievement> roiAchievement) {
        this.months = months;
        this.answers = new TtlCache<>(cacheTtl);
        this.cacheTtl = cacheTtl;
        this.queries = queries;
        this.inventory = inventory;
        this.clock = clock;
        this.underusedThreshold = underusedThreshold;
        this.roiAchievement = roiAchievement;
    }

    /**
     * The same panel (sharing its month summaries) answering the ROI achievement of the cost_optimization
     * decisions, which the decision tracker computes as of now.
     */
    public CostController withRoiAchievement(Supplier<RoiAchievement> achievement) {
        return new CostController(queries, inventory, clock, underusedThreshold, cacheTtl, months, achievement);
    }

    public void cost(Context ctx) {
        YearMonth month = Params.month(ctx, "month", YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)));
        // The answer is the same for everyone for the cache time: serialized once, not per request.
        var json = ctx.jsonMapper();
        answers.get(month, m -> JsonAnswer.of(json, cost(m), Cost.class)).write(ctx);
    }

    public Cost cost(YearMonth month) {
        List<IpFigures> ips = inventory.current();
        return new Cost(month.toString(), summary(month.atDay(1)), ips.stream().map(IpCost::of).toList(),
                underutilized(ips, underusedThreshold), warmup(ips, inventory.schedule()), roiAchievement.get());
    }

    /** The month's row of {@code executive_business_summary}, dollar totals in cents; null when the month has none. */
    public MonthSummary summary(LocalDate month) {
        return months.get(month, m -> queries.month(m).map(MonthSummary::of)).orElse(null);
    }

    public static Underutilized underutilized(List<IpFigures> ips, double threshold) {
        List<UnderusedIp> under = ips.stream()
                .filter(ip -> ip.active() && ip.utilization() != null && ip.utilization() < threshold)
                .sorted(Comparator.comparingDouble(IpFigures::approximateCostUsd).reversed().thenComparing(IpFigures::ip))
                .map(ip -> new UnderusedIp(ip.ip(), ip.utilization(), ip.avgDailySent(), ip.dailyCapacity(),
                        ip.approximateCostUsd()))
                .toList();
        return new Underutilized(threshold, under, Money.cents(under.stream().mapToDouble(UnderusedIp::monthlySavingsUsd).sum()));
    }

    static WarmupReport warmup(List<IpFigures> ips, WarmupSchedule schedule) {
        return new WarmupReport(new Schedule(schedule.firstDayTarget(), schedule.dailyGrowth(), schedule.dailyTargets()),
                ips.stream().filter(ip -> ip.warmup() != null)
                        .map(ip -> new WarmingIp(ip.ip(), ip.warmupStartedOn(), ip.warmup().day(), ip.warmup().targetToday(),
                                ip.sentToday(), ip.warmup().ratio(), ip.warmup().status(), ip.dailyCapacity(), ip.sent7d(),
                                ip.bounceRate7d(), ip.spamRate7d(), ip.spamComplaints7d()))
                        .toList());
    }

    /**
     * The answer of {@code GET /api/v1/cost}.
     *
     * @param roiAchievement the cost_optimization decisions as of now, whatever the month
     */
    public record Cost(String month, MonthSummary summary, List<IpCost> ips, Underutilized underutilized,
            WarmupReport warmup, RoiAchievement roiAchievement) {}

    /** {@code cost_per_1000_usd} is {@code cost_per_email_usd} × 1,000. */
    public record MonthSummary(LocalDate month, double vpsCostUsd, double smtpIpCostUsd, double totalCostUsd,
            long emailsSent, double elapsedFraction, Double costPerEmailUsd, @JsonProperty("cost_per_1000_usd") Double costPer1000Usd, double mrrUsd,
            Double efficiencyRatio) {
        static MonthSummary of(CostQueries.MonthRow r) {
            Double perEmail = r.costPerEmailUsd() == null ? null : r.costPerEmailUsd().doubleValue();
            return new MonthSummary(r.month(), Money.cents(r.vpsCostUsd().doubleValue()),
                    Money.cents(r.smtpIpCostUsd().doubleValue()), Money.cents(r.totalCostUsd().doubleValue()), r.emailsSent(),
                    r.elapsedFraction().doubleValue(), perEmail, perEmail == null ? null : perEmail * 1000,
                    Money.cents(r.mrrUsd().doubleValue()),
                    r.efficiencyRatio() == null ? null : r.efficiencyRatio().doubleValue());
        }
    }

    public record IpCost(String ip, String sendingDomain, String provider, String status, double approximateCostUsd,
            long dailyCapacity, LocalDate warmupStartedOn, @JsonProperty("sent_7d") long sent7d, double avgDailySent, long sentToday,
            Long capacityToday, Double utilization, String utilizationBasis, @JsonProperty("cost_per_1000_usd") Double costPer1000Usd) {
        static IpCost of(IpFigures f) {
            return new IpCost(f.ip(), f.sendingDomain(), f.provider(), f.status(), f.approximateCostUsd(), f.dailyCapacity(),
                    f.warmupStartedOn(), f.sent7d(), f.avgDailySent(), f.sentToday(), f.capacityToday(), f.utilization(),
                    f.utilizationBasis(), f.costPer1000Usd());
        }
    }

    public record UnderusedIp(String ip, double utilization, double avgDailySent, long dailyCapacity,
            double monthlySavingsUsd) {}

    public record Underutilized(double threshold, List<UnderusedIp> ips, double totalMonthlySavingsUsd) {}

    public record Schedule(long firstDayTarget, double dailyGrowth, List<Long> dailyTargets) {}

    public record WarmingIp(String ip, LocalDate warmupStartedOn, long day, long targetToday, long sentToday, double ratio,
            String status, long dailyCapacity, @JsonProperty("sent_7d") long sent7d, Double bounceRate, Double spamRate, @JsonProperty("spam_complaints_7d") long spamComplaints7d) {}

    public record WarmupReport(Schedule schedule, List<WarmingIp> ips) {}
}
