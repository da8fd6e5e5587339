package dev.revguard.query.trend;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Sums {@code deliverability_window} rows into steps. */
@RegisterConstructorMapper(TrendRow.class)
public interface TrendQueries {
    @SqlQuery("SELECT date_bin(make_interval(secs => :stepSeconds), window_start, :origin) AS bucket, "
            + "sum(sent) AS sent, sum(delivered) AS delivered, sum(bounced) AS bounced, sum(soft_bounced) AS soft_bounced, "
            + "sum(deferred) AS deferred, sum(dropped) AS dropped, sum(spam_complaints) AS spam_complaints "
            + "FROM deliverability_window WHERE dimension = :dimension AND dimension_value = :value "
            + "AND window_start >= :from AND window_start < :to GROUP BY 1 ORDER BY 1")
    List<TrendRow> trend(@Bind("dimension") String dimension, @Bind("value") String value, @Bind("from") Instant from,
            @Bind("to") Instant to, @Bind("stepSeconds") long stepSeconds, @Bind("origin") Instant origin);
}
