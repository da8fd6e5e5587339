package dev.revguard.job.window;

/**
 * Counts of one dimension value in one 1-minute window, possibly only part of it: the
 * pre-aggregation emits partial sums that the window operator adds up.
 *
 * @param latestEventTime the latest event time among the counted events
 */
public record DimensionCounts(String dimension, String value, long windowStart, OutcomeCounts counts,
        long latestEventTime) {

    /** The key the window and evaluation operators partition by. */
    public String key() {
        return DimensionKey.of(dimension, value);
    }
}
