package dev.revguard.job.window;

/**
 * One row of {@code deliverability_window}: a dimension value's counts in one minute.
 *
 * @param isFinal true once the watermark has passed the end of the window
 */
public record WindowRow(
        String dimension,
        String value,
        long windowStart,
        long windowEnd,
        OutcomeCounts counts,
        boolean isFinal) {

    public String key() {
        return DimensionKey.of(dimension, value);
    }
}
