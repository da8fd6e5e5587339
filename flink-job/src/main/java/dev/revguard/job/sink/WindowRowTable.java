package dev.revguard.job.sink;

import dev.revguard.job.window.OutcomeCounts;
import dev.revguard.job.window.WindowRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Upserts into {@code deliverability_window}, or into one of its rollups
 * ({@code deliverability_hourly}, {@code deliverability_daily}), which have the same columns.
 */
public class WindowRowTable implements TableWriter<WindowRow> {
    public static final String MINUTES = "deliverability_window";
    public static final String HOURS = "deliverability_hourly";
    public static final String DAYS = "deliverability_daily";

    private final String table;

    public WindowRowTable() {
        this(MINUTES);
    }

    public WindowRowTable(String table) {
        if (!table.equals(MINUTES) && !table.equals(HOURS) && !table.equals(DAYS)) {
            throw new IllegalArgumentException("not a window table: " + table);
        }
        this.table = table;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public String sql() {
        return "INSERT INTO " + table + " (dimension, dimension_value, window_start, window_end, "
                + "sent, delivered, bounced, soft_bounced, deferred, dropped, spam_complaints, is_final, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) "
                + "ON CONFLICT (dimension, dimension_value, window_start) DO UPDATE SET "
                + "window_end = EXCLUDED.window_end, sent = EXCLUDED.sent, delivered = EXCLUDED.delivered, "
                + "bounced = EXCLUDED.bounced, soft_bounced = EXCLUDED.soft_bounced, deferred = EXCLUDED.deferred, "
                + "dropped = EXCLUDED.dropped, spam_complaints = EXCLUDED.spam_complaints, "
                + "is_final = EXCLUDED.is_final, updated_at = now()";
    }

    @Override
    public Object key(WindowRow row) {
        return row.key() + '\u001f' + row.windowStart();
    }

    @Override
    public void bind(PreparedStatement s, WindowRow row) throws SQLException {
        s.setString(1, row.dimension());
        s.setString(2, row.value());
        s.setTimestamp(3, new Timestamp(row.windowStart()));
        s.setTimestamp(4, new Timestamp(row.windowEnd()));
        bindCounts(s, 5, row.counts());
        s.setBoolean(12, row.isFinal());
    }

    static void bindCounts(PreparedStatement s, int first, OutcomeCounts c) throws SQLException {
        s.setLong(first, c.sent());
        s.setLong(first + 1, c.delivered());
        s.setLong(first + 2, c.bounced());
        s.setLong(first + 3, c.softBounced());
        s.setLong(first + 4, c.deferred());
        s.setLong(first + 5, c.dropped());
        s.setLong(first + 6, c.spamComplaints());
    }
}
