package dev.revguard.query.cost;

import dev.revguard.common.Dimension;
import dev.revguard.query.history.Counts;
import dev.revguard.query.history.History;
import dev.revguard.query.web.Money;
import dev.revguard.query.web.TtlCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The SMTP IPs of {@code smtp_ip_addresses} with their traffic of the trailing 7 days and of
 * today (UTC), their utilization and warm-up standing: what the cost, utilization and efficiency
 * panels share.
 */
public final class IpInventory {
    public static final Duration WEEK = Duration.ofDays(7);

    private final CostQueries queries;
    private final History history;
    private final WarmupSchedule schedule;
    private final TtlCache<String, List<IpFigures>> cache;
    private final java.time.Clock clock;

    public IpInventory(Jdbi jdbi, WarmupSchedule schedule, java.time.Clock clock, Duration cacheTtl) {
        this.queries = jdbi.onDemand(CostQueries.class);
        this.history = new History(jdbi);
        this.schedule = schedule;
        this.clock = clock;
        this.cache = new TtlCache<>(cacheTtl);
    }

    /** The figures as of now, reused for the cache time. */
    public List<IpFigures> current() {
        return cache.get("ips", k -> figures(clock.instant()));
    }

    public WarmupSchedule schedule() {
        return schedule;
    }

    public List<IpFigures> figures(Instant now) {
        List<CostQueries.IpRow> rows = queries.ips();
        if (rows.isEmpty()) {
            return List.of();
        }
        String ip = Dimension.SENDING_IP.label();
        Map<String, Counts> week = history.perValue(ip, now.minus(WEEK), now);
        Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
        Map<String, Counts> today = history.perValue(ip, midnight, now);
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return rows.stream().sorted(Comparator.comparing(CostQueries.IpRow::ip, IpInventory::compareAddresses))
                .map(r -> figures(r, week.getOrDefault(r.ip(), Counts.none(r.ip())),
                        today.getOrDefault(r.ip(), Counts.none(r.ip())), day)).toList();
    }

    /** Dotted addresses in numeric order (198.51.100.2 before 198.51.100.10), anything else after them by text. */
    static int compareAddresses(String a, String b) {
        long[] x = dotted(a);
        long[] y = dotted(b);
        if (x == null || y == null) {
            return x != null ? -1 : y != null ? 1 : a.compareTo(b);
        }
        return java.util.Arrays.compare(x, y);
    }

    private static long[] dotted(String ip) {
        String[] parts = ip.split("\\.");
        long[] n = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 9 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            n[i] = Long.parseLong(parts[i]);
        }
        return n;
    }

    IpFigures figures(CostQueries.IpRow r, Counts week, Counts today, LocalDate day) {
        double cost = r.approximateCost().doubleValue();
        double avgDaily = week.sent() / 7.0;
        Long capacityToday;
        Double utilization;
        String basis;
        IpFigures.Warmup warmup = null;
        switch (r.status()) {
            case "warming" -> {
                long warmupDay = r.warmupStartedOn() == null ? 1 : ChronoUnit.DAYS.between(r.warmupStartedOn(), day) + 1;
                long target = schedule.target(warmupDay, r.dailyCapacity());
                double ratio = (double) today.sent() / target;
                String status = ratio < 0.5 ? "behind" : ratio > 1.1 ? "ahead" : "on_schedule";
                warmup = new IpFigures.Warmup(warmupDay, target, ratio, status, (double) target / r.dailyCapacity());
                capacityToday = target;
                utilization = ratio;
                basis = "warmup_target";
            }
            case "retired" -> {
                capacityToday = 0L;
                utilization = null;
                basis = "retired";
            }
            default -> {
                capacityToday = r.dailyCapacity();
                utilization = avgDaily / r.dailyCapacity();
                basis = "daily_capacity";
            }
        }
        Double per1000 = avgDaily == 0 ? null : cost / (avgDaily * 30) * 1000;
        return new IpFigures(r.ip(), r.sendingDomain(), r.provider(), r.status(), Money.cents(cost), r.dailyCapacity(),
                r.warmupStartedOn(), week.sent(), week.delivered(), week.bounced(), week.spamComplaints(), avgDaily,
                today.sent(), capacityToday, utilization, basis, per1000, warmup);
    }
}
