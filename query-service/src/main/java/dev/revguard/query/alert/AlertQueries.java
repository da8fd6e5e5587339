package dev.revguard.query.alert;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads and acknowledges {@code alerts}. */
@RegisterConstructorMapper(AlertRow.class)
public interface AlertQueries {
    String COLUMNS = "alert_id, dimension, dimension_value, status, severity, current_severity, started_at, ended_at, "
            + "last_change_at, sent, bounce_rate, spam_rate, deliverability_rate, revenue_risk_usd, acknowledged_by, "
            + "acknowledged_at";

    /** Newest change first; {@code status} null for all. */
    @SqlQuery("SELECT " + COLUMNS + " FROM alerts WHERE (CAST(:status AS text) IS NULL OR status = :status) "
            + "ORDER BY last_change_at DESC, alert_id LIMIT :limit")
    List<AlertRow> list(@Bind("status") String status, @Bind("limit") int limit);

    /** The alerts that started in {@code [from, to)}, oldest first (an executive report's). */
    @SqlQuery("SELECT " + COLUMNS + " FROM alerts WHERE started_at >= :from AND started_at < :to "
            + "ORDER BY started_at, alert_id LIMIT :limit")
    List<AlertRow> startedIn(@Bind("from") java.time.Instant from, @Bind("to") java.time.Instant to, @Bind("limit") int limit);

    /** Acknowledges once: the first operator's name and time stay. */
    @SqlQuery("UPDATE alerts SET acknowledged_by = coalesce(acknowledged_by, :by), "
            + "acknowledged_at = coalesce(acknowledged_at, now()) WHERE alert_id = :id RETURNING " + COLUMNS)
    Optional<AlertRow> acknowledge(@Bind("id") String alertId, @Bind("by") String by);
}
