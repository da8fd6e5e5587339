package dev.revguard.query.summary;

import dev.revguard.query.alert.AlertQueries;
import dev.revguard.query.alert.AlertRow;
import java.math.BigDecimal;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What the executive summary reads besides the other panels' figures: firing alerts and subscriptions. */
public interface SummaryQueries {
    /** An active subscription and its account's latest evaluation (severity null when the account has none). */
    record Subscription(String accountId, BigDecimal mrrUsd, String severity, Double revenueRiskUsd) {}

    /** Oldest first. */
    @SqlQuery("SELECT " + AlertQueries.COLUMNS + " FROM alerts WHERE status = 'firing' ORDER BY started_at, alert_id")
    @RegisterConstructorMapper(AlertRow.class)
    List<AlertRow> firingAlerts();

    /** Subscriptions counted in MRR (status active), largest first. */
    @SqlQuery("SELECT s.account_id, s.mrr_usd, r.severity, r.revenue_risk_usd FROM subscriptions s "
            + "LEFT JOIN risk_snapshot r ON r.dimension = 'account' AND r.dimension_value = s.account_id "
            + "WHERE s.status = 'active' ORDER BY s.mrr_usd DESC, s.account_id")
    @RegisterConstructorMapper(Subscription.class)
    List<Subscription> activeSubscriptions();
}
