package dev.revguard.job.sink;

import dev.revguard.job.source.Decision;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/**
 * Upserts a version of a strategic decision into {@code strategic_decisions}: it replaces the row
 * only when it is later (event time, then event id), so versions may arrive in any order and be
 * written any number of times (after a restore, in a replay) with the same result. The table's
 * trigger replaces the decision's {@code decision_outcomes} in the same statement.
 */
public class DecisionTable implements TableWriter<Decision> {
    @Override
    public String table() {
        return "strategic_decisions";
    }

    @Override
    public String sql() {
        return "INSERT INTO strategic_decisions (decision_id, decision_type, maker, title, decided_at, review_date, status, "
                + "cost_usd, scope_dimension, scope_value, expected_outcomes, event_id, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, CAST(? AS date), ?, ?, ?, ?, CAST(? AS jsonb), ?, now()) "
                + "ON CONFLICT (decision_id) DO UPDATE SET decision_type = EXCLUDED.decision_type, maker = EXCLUDED.maker, "
                + "title = EXCLUDED.title, decided_at = EXCLUDED.decided_at, review_date = EXCLUDED.review_date, "
                + "status = EXCLUDED.status, cost_usd = EXCLUDED.cost_usd, scope_dimension = EXCLUDED.scope_dimension, "
                + "scope_value = EXCLUDED.scope_value, expected_outcomes = EXCLUDED.expected_outcomes, "
                + "event_id = EXCLUDED.event_id, updated_at = now() "
                + "WHERE (strategic_decisions.decided_at, strategic_decisions.event_id) < (EXCLUDED.decided_at, EXCLUDED.event_id)";
    }

    @Override
    public Object key(Decision d) {
        return d.decisionId();
    }

    /** Of two versions in one batch the later is written (one statement may not update a row twice). */
    @Override
    public Decision merge(Decision buffered, Decision incoming) {
        int c = Long.compare(incoming.decidedAt(), buffered.decidedAt());
        return c > 0 || c == 0 && incoming.eventId().compareTo(buffered.eventId()) > 0 ? incoming : buffered;
    }

    @Override
    public void bind(PreparedStatement s, Decision d) throws SQLException {
        s.setString(1, d.decisionId());
        s.setString(2, d.decisionType());
        s.setString(3, d.maker());
        s.setString(4, d.title());
        s.setTimestamp(5, new Timestamp(d.decidedAt()));
        s.setString(6, d.reviewDate());
        s.setString(7, d.status());
        if (d.costUsd() == null) {
            s.setNull(8, Types.NUMERIC);
        } else {
            s.setBigDecimal(8, java.math.BigDecimal.valueOf(d.costUsd()));
        }
        s.setString(9, d.scopeDimension());
        s.setString(10, d.scopeValue());
        s.setString(11, d.outcomesJson());
        s.setString(12, d.eventId());
    }
}
