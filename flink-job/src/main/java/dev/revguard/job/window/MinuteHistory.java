package dev.revguard.job.window;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * The minute rows already written, for rollups that start without state: a fresh start, a replay,
 * or the first start from a savepoint of a version without rollups. Their hours and days began
 * before the minutes the job will now send them.
 */
public interface MinuteHistory extends Serializable {
    /** No history: the rollups start from the minutes they receive. */
    MinuteHistory NONE = (lateness, consumer) -> {};

    /**
     * Hands over the minute rows of the UTC days the job may still update: the day of the latest
     * minute written (or of the replay's start), and the day before while the allowed lateness
     * may still reach it.
     */
    void forEachOpenMinute(long allowedLatenessMillis, Consumer<WindowRow> consumer) throws Exception;
}
