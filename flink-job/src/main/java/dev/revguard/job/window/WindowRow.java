package dev.revguard.job.window;

/**
 * One row of {@code deliverability_window} (a dimension value's counts in one minute), or of its
 * hourly and daily rollups.
 *
 * @param isFinal true once the watermark has passed the end of the window
 * @param latestEventTime the latest event time among the counted events: how far into the window
 *     its counts reach
 */
public record WindowRow(
        String dimension,
        String value,
        long windowStart,
        long windowEnd,
        OutcomeCounts counts,
        boolean isFinal,
        long latestEventTime) {

    public String key() {
        return DimensionKey.of(dimension, value);
    }
}
