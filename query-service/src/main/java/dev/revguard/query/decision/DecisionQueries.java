package dev.revguard.query.decision;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads the decision log and what its KPIs are computed from besides the exact-range counts. */
public interface DecisionQueries {
    /** A row of {@code strategic_decisions}. */
    record DecisionRow(String decisionId, String decisionType, String maker, String title, Instant decidedAt,
            LocalDate reviewDate, String status, BigDecimal costUsd, String scopeDimension, String scopeValue) {}

    /** A row of {@code decision_outcomes}. */
    record OutcomeRow(String decisionId, String kpi, double baseline, double target, LocalDate due) {}

    /** One UTC day of a dimension value from {@code deliverability_daily}. */
    record DayRow(Instant windowStart, long sent, long delivered, long bounced, long spamComplaints) {}

    /** An active subscription. */
    record Subscription(String accountId, BigDecimal mrrUsd) {}

    String DECISION_COLUMNS = "decision_id, decision_type, maker, title, decided_at, review_date, status, cost_usd, "
            + "scope_dimension, scope_value";

    /** Newest decided_at first; {@code status} null for all. */
    @SqlQuery("SELECT " + DECISION_COLUMNS + " FROM strategic_decisions WHERE (CAST(:status AS text) IS NULL OR status = :status) "
            + "ORDER BY decided_at DESC, decision_id LIMIT :limit")
    @RegisterConstructorMapper(DecisionRow.class)
    List<DecisionRow> decisions(@Bind("status") String status, @Bind("limit") int limit);

    @SqlQuery("SELECT " + DECISION_COLUMNS + " FROM strategic_decisions WHERE decision_id = :id")
    @RegisterConstructorMapper(DecisionRow.class)
    Optional<DecisionRow> decision(@Bind("id") String decisionId);

    @SqlQuery("SELECT " + DECISION_COLUMNS + " FROM strategic_decisions WHERE decision_type = :type "
            + "ORDER BY decided_at DESC, decision_id")
    @RegisterConstructorMapper(DecisionRow.class)
    List<DecisionRow> ofType(@Bind("type") String decisionType);

    /** Every decision but the reverted ones: those whose outcomes may call for a review. */
    @SqlQuery("SELECT " + DECISION_COLUMNS + " FROM strategic_decisions WHERE status <> 'reverted' "
            + "ORDER BY decided_at DESC, decision_id")
    @RegisterConstructorMapper(DecisionRow.class)
    List<DecisionRow> inForce();

    @SqlQuery("SELECT decision_id, kpi, baseline, target, due FROM decision_outcomes WHERE decision_id IN (<ids>) "
            + "ORDER BY decision_id, due, kpi")
    @RegisterConstructorMapper(OutcomeRow.class)
    List<OutcomeRow> outcomes(@BindList("ids") List<String> decisionIds);

    @SqlQuery("SELECT window_start, sent, delivered, bounced, spam_complaints FROM deliverability_daily "
            + "WHERE dimension = :dimension AND dimension_value = :value AND window_start >= :from AND window_start < :to "
            + "ORDER BY window_start")
    @RegisterConstructorMapper(DayRow.class)
    List<DayRow> days(@Bind("dimension") String dimension, @Bind("value") String value, @Bind("from") Instant from,
            @Bind("to") Instant to);

    @SqlQuery("SELECT coalesce(sum(monthly_cost_usd), 0) FROM vps_instances")
    BigDecimal vpsMonthlyCost();

    @SqlQuery("SELECT account_id, mrr_usd FROM subscriptions WHERE status = 'active' ORDER BY account_id")
    @RegisterConstructorMapper(Subscription.class)
    List<Subscription> activeSubscriptions();
}
