package dev.revguard.query.efficiency;

/**
 * How well a resource's utilization u is used, f(u) in [0.5, 1] above 0.6 and [0, 1] below: u ÷ 0.6
 * below 0.6 (idle capacity costs), 1 from 0.6 to 0.85, then falling linearly to 0.5 at 1.0 and
 * staying there beyond (saturation costs too).
 */
public final class UtilizationScore {
    public static final double OPTIMAL_FROM = 0.6;
    public static final double OPTIMAL_TO = 0.85;

    private UtilizationScore() {}

    public static double of(double u) {
        if (u < OPTIMAL_FROM) {
            return Math.max(0, u) / OPTIMAL_FROM;
        }
        if (u <= OPTIMAL_TO) {
            return 1.0;
        }
        if (u >= 1.0) {
            return 0.5;
        }
        return 1.0 - 0.5 * (u - OPTIMAL_TO) / (1.0 - OPTIMAL_TO);
    }

    /** {@code underused} below 0.6, {@code optimal} to 0.85, {@code saturated} above; null for null. */
    public static String band(Double u) {
        if (u == null) {
            return null;
        }
        return u < OPTIMAL_FROM ? "underused" : u <= OPTIMAL_TO ? "optimal" : "saturated";
    }
}
