package dev.revguard.query.decision;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Where an expected outcome stands (SPEC, "Decisions"; times in UTC, a due date is due at 00:00):
 * <ul>
 *   <li>elapsed fraction = (now − decided_at) ÷ (due − decided_at), clamped to [0, 1] (1 when due is not after
 *       decided_at);</li>
 *   <li>progress = (actual − baseline) ÷ (target − baseline); null without an actual or when target = baseline;</li>
 *   <li>the target is reached when actual ≤ target if target &lt; baseline (lower is better), else actual ≥ target;</li>
 *   <li>status: {@code unknown_kpi} (a KPI SPEC does not list), {@code no_data} (no actual), {@code achieved}
 *       (target reached, before or after due), {@code missed} (due passed, not reached), {@code on_track} (progress
 *       ≥ 0.8 × elapsed fraction), {@code at_risk} (below that, or no progress to measure);</li>
 *   <li>projection: the least-squares line through the daily values, x in days since the first day, read at the
 *       due date.</li>
 * </ul>
 * Comparisons allow a relative 1e-9, so a value equal on paper (15 of 1,000 against a target of 0.015) is not
 * judged by the last bit of a division.
 */
public final class OutcomeMath {
    public static final double ON_TRACK_SHARE = 0.8;
    public static final Duration WINDOW = Duration.ofDays(7);
    private static final double TOLERANCE = 1e-9;

    private OutcomeMath() {}

    public static Instant dueAt(LocalDate due) {
        return due.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The end of an outcome's 7-day window: min(now, due 00:00). */
    public static Instant windowEnd(Instant now, LocalDate due) {
        Instant d = dueAt(due);
        return now.isBefore(d) ? now : d;
    }

    public static double elapsedFraction(Instant now, Instant decidedAt, Instant dueAt) {
        long span = Duration.between(decidedAt, dueAt).toMillis();
        if (span <= 0) {
            return 1;
        }
        double f = (double) Duration.between(decidedAt, now).toMillis() / span;
        return Math.max(0, Math.min(1, f));
    }

    public static Double progress(Double actual, double baseline, double target) {
        if (actual == null || target == baseline) {
            return null;
        }
        return (actual - baseline) / (target - baseline);
    }

    public static boolean reached(double actual, double baseline, double target) {
        return target < baseline ? atMost(actual, target) : atLeast(actual, target);
    }

    public static String status(Kpi kpi, Double actual, double baseline, double target, Instant now, Instant dueAt,
            double elapsedFraction) {
        if (kpi == null) {
            return "unknown_kpi";
        }
        if (actual == null) {
            return "no_data";
        }
        if (reached(actual, baseline, target)) {
            return "achieved";
        }
        if (!now.isBefore(dueAt)) {
            return "missed";
        }
        Double progress = progress(actual, baseline, target);
        return progress != null && atLeast(progress, ON_TRACK_SHARE * elapsedFraction) ? "on_track" : "at_risk";
    }

    /** One day's value of a KPI. */
    public record DailyValue(LocalDate day, double value) {}

    /** The line through the daily values and where it is at the due date; {@code reason} says why there is none. */
    public record Projection(Double valueAtDue, Double slopePerDay, int points, List<DailyValue> daily, String reason) {
        public static Projection none(String reason, List<DailyValue> daily) {
            return new Projection(null, null, daily.size(), daily, reason);
        }
    }

    /**
     * Least squares: slope = Σ (x − x̄)(y − ȳ) ÷ Σ (x − x̄)², intercept = ȳ − slope × x̄, with x the days since
     * {@code firstDay}; the value at due is intercept + slope × (due − firstDay).
     */
    public static Projection project(List<DailyValue> daily, LocalDate firstDay, LocalDate due) {
        if (daily.size() < 2) {
            return Projection.none("fewer than 2 daily values since decided_at (" + daily.size() + ")", daily);
        }
        double n = daily.size();
        double meanX = 0;
        double meanY = 0;
        for (DailyValue d : daily) {
            meanX += ChronoUnit.DAYS.between(firstDay, d.day());
            meanY += d.value();
        }
        meanX /= n;
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        for (DailyValue d : daily) {
            double dx = ChronoUnit.DAYS.between(firstDay, d.day()) - meanX;
            sxy += dx * (d.value() - meanY);
            sxx += dx * dx;
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanX;
        double atDue = intercept + slope * ChronoUnit.DAYS.between(firstDay, due);
        return new Projection(atDue, slope, daily.size(), daily, null);
    }

    /** {@code overdue} when the review date is before today, {@code due_soon} when within the next 7 days, else null. */
    public static String reviewFlag(LocalDate reviewDate, Instant now) {
        if (reviewDate == null) {
            return null;
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (reviewDate.isBefore(today)) {
            return "overdue";
        }
        return reviewDate.isAfter(today.plusDays(7)) ? null : "due_soon";
    }

    private static boolean atLeast(double x, double y) {
        return x >= y - TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
    }

    private static boolean atMost(double x, double y) {
        return x <= y + TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
    }
}
