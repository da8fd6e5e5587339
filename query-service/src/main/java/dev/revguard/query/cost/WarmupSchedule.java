package dev.revguard.query.cost;

import java.util.Arrays;
import java.util.List;

/**
 * How many messages a warming IP should send on each day of its warm-up ({@code WARMUP_SCHEDULE}).
 * Either geometric, {@code 500x1.4} (after SendGrid's automated warm-up: 500 on day 1, 40 % more each
 * day), or explicit daily targets, {@code 500,1000,2000} (the last one holds afterwards). Always
 * capped at the IP's daily capacity.
 */
public record WarmupSchedule(long firstDayTarget, double dailyGrowth, List<Long> dailyTargets) {
    public static final WarmupSchedule DEFAULT = new WarmupSchedule(500, 1.4, List.of());

    public static WarmupSchedule parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        if (t.contains("x")) {
            String[] parts = t.split("x", 2);
            long first = Long.parseLong(parts[0]);
            double growth = Double.parseDouble(parts[1]);
            if (first < 1 || !(growth >= 1.0) || growth > 10) {
                throw new IllegalArgumentException("first day at least 1, growth between 1 and 10");
            }
            return new WarmupSchedule(first, growth, List.of());
        }
        List<Long> targets = Arrays.stream(t.split(",")).map(Long::valueOf).toList();
        if (targets.isEmpty() || targets.stream().anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException("targets must be positive");
        }
        return new WarmupSchedule(targets.get(0), 0, targets);
    }

    /** The target of warm-up day {@code day} (day 1 is the first), capped at {@code dailyCapacity}. */
    public long target(long day, long dailyCapacity) {
        long d = Math.max(1, day);
        double raw;
        if (!dailyTargets.isEmpty()) {
            raw = dailyTargets.get((int) Math.min(d, dailyTargets.size()) - 1);
        } else {
            raw = firstDayTarget * Math.pow(dailyGrowth, d - 1);
        }
        return Math.min(dailyCapacity, Math.round(Math.min(raw, Long.MAX_VALUE / 2.0)));
    }

    @Override
    public String toString() {
        if (!dailyTargets.isEmpty()) {
            return String.join(",", dailyTargets.stream().map(String::valueOf).toList());
        }
        return firstDayTarget + "x" + dailyGrowth;
    }
}
