package dev.revguard.query.efficiency;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What the efficiency score and the recommendations read besides the traffic and the IPs. */
public interface EfficiencyQueries {
    /** An alert's timing: started (event time), ended, acknowledged. */
    record AlertTiming(String alertId, String status, Instant startedAt, Instant endedAt, Instant acknowledgedAt) {}

    /** A sender's latest evaluation. */
    record SenderRisk(String dimension, String dimensionValue, String severity, long sent, Double bounceRate,
            Double spamRate, double revenueRiskUsd, Instant evaluatedAt) {}

    @SqlQuery("SELECT alert_id, status, started_at, ended_at, acknowledged_at FROM alerts "
            + "WHERE started_at >= :from AND started_at < :to ORDER BY started_at, alert_id")
    @RegisterConstructorMapper(AlertTiming.class)
    List<AlertTiming> alertsStarted(@Bind("from") Instant from, @Bind("to") Instant to);

    @SqlQuery("SELECT dimension, dimension_value, severity, sent, bounce_rate, spam_rate, revenue_risk_usd, evaluated_at "
            + "FROM risk_snapshot WHERE dimension IN ('account', 'sending_domain', 'sending_ip') "
            + "AND severity IN ('warning', 'critical') ORDER BY revenue_risk_usd DESC, dimension, dimension_value LIMIT :limit")
    @RegisterConstructorMapper(SenderRisk.class)
    List<SenderRisk> sendersAtWarningOrWorse(@Bind("limit") int limit);

    /** When the job last wrote an evaluation. */
    @SqlQuery("SELECT max(updated_at) FROM risk_snapshot")
    Optional<Instant> lastUpdate();
}
