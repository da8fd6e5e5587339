package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.query.history.Counts;
import dev.revguard.query.history.History;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A range read from daily, hourly and minute rows has exactly the counts of its minute rows, for
 * ranges with and without whole days and hours, aligned or not, against the real PostgreSQL.
 */
class HistoryExactTest {
    private static TestData data;

    @BeforeAll
    static void setUp() throws Exception {
        data = new TestData(false);
        // Two recipient domains, every minute from 2026-11-20 21:37 to 2026-11-23 03:14, counts that vary by minute;
        // then the hourly and daily rollups of those minutes, as the job writes them.
        data.exec("""
            INSERT INTO deliverability_window (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, soft_bounced, deferred, dropped, spam_complaints, is_final)
            SELECT 'recipient_domain', v, t, t + interval '1 minute', 1 + (i * 7 + k) % 13, (i * 5 + k) % 11, (i + k) % 3,
              (i + k) % 2, i % 4, (i * k) % 5, CASE WHEN (i + k) % 17 = 0 THEN 1 ELSE 0 END, true
            FROM (VALUES ('gmail.com', 1), ('yahoo.com', 2)) AS d(v, k),
                 generate_series(0, 3217) AS i,
                 LATERAL (SELECT timestamptz '2026-11-20T21:37:00Z' + i * interval '1 minute') AS w(t)
            WHERE NOT (v = 'yahoo.com' AND i BETWEEN 600 AND 1500);
            """);
        for (String[] rollup : new String[][] {{"deliverability_hourly", "hour"}, {"deliverability_daily", "day"}}) {
            data.exec("""
                INSERT INTO %1$s (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
                  soft_bounced, deferred, dropped, spam_complaints, is_final)
                SELECT dimension, dimension_value, date_trunc('%2$s', window_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                  (date_trunc('%2$s', window_start AT TIME ZONE 'UTC') + interval '1 %2$s') AT TIME ZONE 'UTC', sum(sent),
                  sum(delivered), sum(bounced), sum(soft_bounced), sum(deferred), sum(dropped), sum(spam_complaints), true
                FROM deliverability_window WHERE dimension = 'recipient_domain' GROUP BY 1, 2, 3, 4
                """.formatted(rollup[0], rollup[1]));
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        data.close();
    }

    /** The sum of the minute rows of {@code [from, to)}, straight from deliverability_window. */
    private static Counts minutes(String value, Instant from, Instant to) throws Exception {
        try (Connection c = DriverManager.getConnection(TestData.URL, "postgres", null)) {
            c.setSchema(data.schema);
            try (PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(sent), 0), coalesce(sum(delivered), 0), "
                    + "coalesce(sum(bounced), 0), coalesce(sum(soft_bounced), 0), coalesce(sum(deferred), 0), "
                    + "coalesce(sum(dropped), 0), coalesce(sum(spam_complaints), 0) FROM deliverability_window "
                    + "WHERE dimension = 'recipient_domain' AND dimension_value = ? AND window_start >= ? AND window_start < ?")) {
                s.setString(1, value);
                s.setTimestamp(2, Timestamp.from(from));
                s.setTimestamp(3, Timestamp.from(to));
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return new Counts(value, r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
                            r.getLong(6), r.getLong(7));
                }
            }
        }
    }

    @Test
    void everyRangeCountsWhatItsMinutesCount() throws Exception {
        History history = new History(data.readJdbi());
        List<String[]> ranges = List.of(
                new String[] {"2026-11-20T00:00:00Z", "2026-11-24T00:00:00Z"},   // all of it, aligned days
                new String[] {"2026-11-20T22:13:30Z", "2026-11-23T02:41:10Z"},   // days, hours and minutes at both ends
                new String[] {"2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z"},   // exactly one day
                new String[] {"2026-11-21T05:00:00Z", "2026-11-22T07:00:00Z"},   // whole hours, no whole day
                new String[] {"2026-11-21T05:17:00Z", "2026-11-21T05:43:00Z"},   // inside one hour
                new String[] {"2026-11-21T23:59:00Z", "2026-11-22T00:01:00Z"},   // across midnight, minutes only
                new String[] {"2026-11-22T00:00:00Z", "2026-11-22T00:00:00Z"},   // empty
                new String[] {"2026-11-14T12:00:30Z", "2026-11-21T12:00:30Z"},   // a trailing week ending inside the data
                new String[] {"2026-11-22T03:00:00Z", "2026-11-29T03:00:00Z"});  // a week from a whole hour
        for (String[] range : ranges) {
            Instant from = Instant.parse(range[0]);
            Instant to = Instant.parse(range[1]);
            Map<String, Counts> perValue = history.perValue("recipient_domain", from, to);
            for (String value : List.of("gmail.com", "yahoo.com")) {
                Counts expected = minutes(value, from, to);
                assertThat(history.of("recipient_domain", value, from, to)).as(value + " " + from + " " + to).isEqualTo(expected);
                assertThat(perValue.getOrDefault(value, Counts.none(value))).as(value + " " + from + " " + to).isEqualTo(expected);
            }
        }
        assertThat(history.of("recipient_domain", "gmail.com", Instant.parse("2026-11-20T00:00:00Z"),
                Instant.parse("2026-11-24T00:00:00Z")).sent()).isPositive();
    }
}
