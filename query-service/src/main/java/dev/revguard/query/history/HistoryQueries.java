package dev.revguard.query.history;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Counts over {@code [from, to)} as {@link History.Range} splits it: whole UTC days from
 * {@code deliverability_daily}, whole hours from {@code deliverability_hourly}, the minutes at
 * either end from {@code deliverability_window}.
 */
@RegisterConstructorMapper(Counts.class)
public interface HistoryQueries {
    String SUMS = "sum(sent) AS sent, sum(delivered) AS delivered, sum(bounced) AS bounced, "
            + "sum(soft_bounced) AS soft_bounced, sum(deferred) AS deferred, sum(dropped) AS dropped, "
            + "sum(spam_complaints) AS spam_complaints";
    String SUMS_OR_ZERO = "coalesce(sum(sent), 0) AS sent, coalesce(sum(delivered), 0) AS delivered, "
            + "coalesce(sum(bounced), 0) AS bounced, coalesce(sum(soft_bounced), 0) AS soft_bounced, "
            + "coalesce(sum(deferred), 0) AS deferred, coalesce(sum(dropped), 0) AS dropped, "
            + "coalesce(sum(spam_complaints), 0) AS spam_complaints";
    String COUNTS = "dimension_value, sent, delivered, bounced, soft_bounced, deferred, dropped, spam_complaints";
    String DAYS = " FROM deliverability_daily WHERE dimension = :dimension "
            + "AND window_start >= :dayFrom AND window_start < :dayTo";
    String HOURS = " FROM deliverability_hourly WHERE dimension = :dimension "
            + "AND ((window_start >= :hourFrom AND window_start < :dayFrom) OR (window_start >= :dayTo AND window_start < :hourTo))";
    String MINUTES = " FROM deliverability_window WHERE dimension = :dimension "
            + "AND ((window_start >= :from AND window_start < :hourFrom) OR (window_start >= :hourTo AND window_start < :to))";
    String RANGE = "SELECT " + COUNTS + DAYS + " UNION ALL SELECT " + COUNTS + HOURS + " UNION ALL SELECT " + COUNTS + MINUTES;
    String ONE_VALUE = " AND dimension_value = :value";
    String RANGE_OF_VALUE = "SELECT " + COUNTS + DAYS + ONE_VALUE + " UNION ALL SELECT " + COUNTS + HOURS + ONE_VALUE
            + " UNION ALL SELECT " + COUNTS + MINUTES + ONE_VALUE;

    /** Per value of a dimension; values without rows in the range are absent. */
    @SqlQuery("SELECT dimension_value, " + SUMS + " FROM (" + RANGE + ") r GROUP BY dimension_value")
    List<Counts> perValue(@Bind("dimension") String dimension, @Bind("from") Instant from, @Bind("hourFrom") Instant hourFrom,
            @Bind("dayFrom") Instant dayFrom, @Bind("dayTo") Instant dayTo, @Bind("hourTo") Instant hourTo,
            @Bind("to") Instant to);

    /** Of one value (a row of zeros when it has none). */
    @SqlQuery("SELECT CAST(:value AS text) AS dimension_value, " + SUMS_OR_ZERO + " FROM (" + RANGE_OF_VALUE + ") r")
    Counts ofValue(@Bind("dimension") String dimension, @Bind("value") String value, @Bind("from") Instant from,
            @Bind("hourFrom") Instant hourFrom, @Bind("dayFrom") Instant dayFrom, @Bind("dayTo") Instant dayTo,
            @Bind("hourTo") Instant hourTo, @Bind("to") Instant to);
}
