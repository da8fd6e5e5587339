package dev.revguard.query.utilization;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How much of one resource was used, each share in [0, 1] or null when unknown.
 *
 * <p>JSON: {@code {"last_hour": 0.42, "peak_7d": 0.87}}. The names are explicit because snake case
 * would render {@code peak7d} unchanged.
 *
 * @param lastHour the mean over the last hour (over the part of it that has samples)
 * @param peak7d the highest value of the last 7 days (CPU and network: of 5-minute means; memory and disk:
 *     of every sample); never below {@code lastHour}, and known whenever it is
 */
public record Utilization(@JsonProperty("last_hour") Double lastHour, @JsonProperty("peak_7d") Double peak7d) {

    public static final Utilization UNKNOWN = new Utilization(null, null);

    /** The pair as measured: both shares clamped to [0, 1], and the peak raised to the mean if below it. */
    static Utilization of(Double lastHour, Double peak7d) {
        Double hour = share(lastHour);
        Double peak = share(peak7d);
        if (hour != null && (peak == null || peak < hour)) {
            peak = hour;
        }
        return new Utilization(hour, peak);
    }

    /** A share in [0, 1]; NaN and infinities are unknown. */
    static Double share(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return null;
        }
        return Math.max(0.0, Math.min(1.0, v));
    }
}
