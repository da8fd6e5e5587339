package dev.revguard.query.risk;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads {@code risk_snapshot}. */
@RegisterConstructorMapper(SnapshotRow.class)
public interface RiskQueries {
    String COLUMNS = "dimension, dimension_value, window_from, evaluated_at, sent, delivered, bounced, "
            + "spam_complaints, bounce_rate, spam_rate, deliverability_rate, monthly_volume, revenue_risk_usd, "
            + "severity, policy, updated_at";

    @SqlQuery("SELECT " + COLUMNS + " FROM risk_snapshot WHERE dimension = :dimension AND dimension_value = :value")
    Optional<SnapshotRow> find(@Bind("dimension") String dimension, @Bind("value") String value);

    /** Worst first: by severity, then by revenue at risk. */
    @SqlQuery("SELECT " + COLUMNS + " FROM risk_snapshot WHERE dimension = :dimension "
            + "ORDER BY CASE severity WHEN 'critical' THEN 4 WHEN 'warning' THEN 3 WHEN 'monitor' THEN 2 "
            + "WHEN 'healthy' THEN 1 ELSE 0 END DESC, revenue_risk_usd DESC, dimension_value LIMIT :limit")
    List<SnapshotRow> top(@Bind("dimension") String dimension, @Bind("limit") int limit);
}
