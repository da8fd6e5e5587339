package dev.revguard.query.trend;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Sums window rows into the steps {@code [from + i × step, from + (i + 1) × step)}: rows of a
 * rollup table ({@code <rollup>}: hourly or daily) for the whole units in {@code [from, cut)}, and
 * minute rows for the rest {@code [cut, to)}, so no step covers time outside the request.
 */
@RegisterConstructorMapper(TrendRow.class)
public interface TrendQueries {
    String COUNTS = "window_start, sent, delivered, bounced, soft_bounced, deferred, dropped, spam_complaints";

    @SqlQuery("SELECT date_bin(make_interval(secs => :stepSeconds), window_start, :from) AS bucket, "
            + "sum(sent) AS sent, sum(delivered) AS delivered, sum(bounced) AS bounced, sum(soft_bounced) AS soft_bounced, "
            + "sum(deferred) AS deferred, sum(dropped) AS dropped, sum(spam_complaints) AS spam_complaints FROM ("
            + "SELECT " + COUNTS + " FROM <rollup> WHERE dimension = :dimension AND dimension_value = :value "
            + "AND window_start >= :from AND window_start < :cut "
            + "UNION ALL SELECT " + COUNTS + " FROM deliverability_window WHERE dimension = :dimension "
            + "AND dimension_value = :value AND window_start >= :cut AND window_start < :to) w "
            + "GROUP BY 1 ORDER BY 1")
    List<TrendRow> trend(@Define("rollup") String rollupTable, @Bind("dimension") String dimension,
            @Bind("value") String value, @Bind("from") Instant from, @Bind("cut") Instant cut, @Bind("to") Instant to,
            @Bind("stepSeconds") long stepSeconds);

    /** Whether the value has ever been counted or evaluated: an unknown one is a 404, like the gauge's. */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM risk_snapshot WHERE dimension = :dimension AND dimension_value = :value) "
            + "OR EXISTS (SELECT 1 FROM deliverability_window WHERE dimension = :dimension AND dimension_value = :value)")
    boolean known(@Bind("dimension") String dimension, @Bind("value") String value);
}
