package dev.revguard.job.sink;

import dev.revguard.common.settings.DatabaseSettings;
import dev.revguard.job.window.MinuteHistory;
import dev.revguard.job.window.OutcomeCounts;
import dev.revguard.job.window.WindowRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the minute rows of {@code deliverability_window} whose days the job may still update: the
 * day of the latest minute in the table, or of the start of a replay.
 */
public class DeliverabilityWindowHistory implements MinuteHistory {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverabilityWindowHistory.class);
    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;

    private final DatabaseSettings database;
    private final Long replayStart;

    /** @param replayStart the event time a replay starts at, or null to start at the latest minute written */
    public DeliverabilityWindowHistory(DatabaseSettings database, Long replayStart) {
        this.database = database;
        this.replayStart = replayStart;
    }

    @Override
    public void forEachOpenMinute(long allowedLatenessMillis, Consumer<WindowRow> consumer) throws Exception {
        try (Connection c = database.connect()) {
            Long anchor = replayStart != null ? replayStart : latestMinute(c);
            if (anchor == null) {
                return;
            }
            long from = floorDay(anchor - allowedLatenessMillis - MINUTE);
            long to = floorDay(anchor) + DAY;
            c.setAutoCommit(false); // a cursor, not the whole day in memory
            long rows = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT dimension, dimension_value, window_start, window_end, "
                    + "sent, delivered, bounced, soft_bounced, deferred, dropped, spam_complaints, is_final "
                    + "FROM deliverability_window WHERE window_start >= ? AND window_start < ?")) {
                s.setFetchSize(5000);
                s.setTimestamp(1, new Timestamp(from));
                s.setTimestamp(2, new Timestamp(to));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long end = rs.getTimestamp(4).getTime();
                        consumer.accept(new WindowRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).getTime(), end,
                                new OutcomeCounts(rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                                        rs.getLong(9), rs.getLong(10), rs.getLong(11)),
                                rs.getBoolean(12), end - 1));
                        rows++;
                    }
                }
            }
            c.commit();
            LOG.info("Rollups start from {} minute rows already written since {}", rows, new Timestamp(from).toInstant());
        }
    }

    private static Long latestMinute(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(window_start) FROM deliverability_window")) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return t == null ? null : t.getTime();
        }
    }

    private static long floorDay(long t) {
        return t - Math.floorMod(t, DAY);
    }
}
