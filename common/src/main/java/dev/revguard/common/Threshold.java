package dev.revguard.common;

/**
 * A rate limit: reached at {@code value}, or only above it when not {@code inclusive}
 * (the seed policy's critical lines are "greater than", the others "at least").
 */
public record Threshold(double value, boolean inclusive) implements java.io.Serializable {

    public static Threshold atLeast(double value) {
        return new Threshold(value, true);
    }

    public static Threshold above(double value) {
        return new Threshold(value, false);
    }

    /** Whether a rate reaches this threshold; a null rate reaches nothing. */
    public boolean reachedBy(Double rate) {
        if (rate == null) {
            return false;
        }
        return inclusive ? rate >= value : rate > value;
    }

    public Threshold withValue(double newValue) {
        return new Threshold(newValue, inclusive);
    }

    @Override
    public String toString() {
        return (inclusive ? ">=" : ">") + value;
    }
}
