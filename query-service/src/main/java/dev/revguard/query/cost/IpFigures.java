package dev.revguard.query.cost;

import java.time.LocalDate;

/**
 * What one SMTP IP costs and how well it is used, with the inputs of every figure.
 *
 * @param utilization average daily sent ÷ daily capacity for an active IP, sent today ÷ today's
 *     warm-up target for a warming one, null for a retired one
 * @param utilizationBasis {@code daily_capacity}, {@code warmup_target} or {@code retired}
 * @param capacityToday what the IP may send today: its capacity, or today's warm-up target
 * @param costPer1000Usd approximate_cost ÷ (average daily sent × 30) × 1,000; null without sends
 */
public record IpFigures(
        String ip,
        String sendingDomain,
        String provider,
        String status,
        double approximateCostUsd,
        long dailyCapacity,
        LocalDate warmupStartedOn,
        long sent7d,
        long delivered7d,
        long bounced7d,
        long spamComplaints7d,
        double avgDailySent,
        long sentToday,
        Long capacityToday,
        Double utilization,
        String utilizationBasis,
        Double costPer1000Usd,
        Warmup warmup) {

    /** Where a warming IP stands against its schedule. */
    public record Warmup(long day, long targetToday, double ratio, String status, double progress) {}

    public boolean active() {
        return "active".equals(status);
    }

    public Double bounceRate7d() {
        return sent7d == 0 ? null : (double) bounced7d / sent7d;
    }

    public Double spamRate7d() {
        return delivered7d == 0 ? null : (double) spamComplaints7d / delivered7d;
    }

    public Double successRate7d() {
        return sent7d == 0 ? null : (double) delivered7d / sent7d;
    }
}
