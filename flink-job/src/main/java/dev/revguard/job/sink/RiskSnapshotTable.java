package dev.revguard.job.sink;

import dev.revguard.job.risk.RiskSnapshot;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/** Upserts the latest evaluation of each dimension value into {@code risk_snapshot}. */
public class RiskSnapshotTable implements TableWriter<RiskSnapshot> {
    @Override
    public String table() {
        return "risk_snapshot";
    }

    @Override
    public String sql() {
        return "INSERT INTO risk_snapshot (dimension, dimension_value, window_from, evaluated_at, "
                + "sent, delivered, bounced, soft_bounced, deferred, dropped, spam_complaints, "
                + "bounce_rate, spam_rate, deliverability_rate, monthly_volume, revenue_risk_usd, severity, policy, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) "
                + "ON CONFLICT (dimension, dimension_value) DO UPDATE SET "
                + "window_from = EXCLUDED.window_from, evaluated_at = EXCLUDED.evaluated_at, "
                + "sent = EXCLUDED.sent, delivered = EXCLUDED.delivered, bounced = EXCLUDED.bounced, "
                + "soft_bounced = EXCLUDED.soft_bounced, deferred = EXCLUDED.deferred, dropped = EXCLUDED.dropped, "
                + "spam_complaints = EXCLUDED.spam_complaints, bounce_rate = EXCLUDED.bounce_rate, "
                + "spam_rate = EXCLUDED.spam_rate, deliverability_rate = EXCLUDED.deliverability_rate, "
                + "monthly_volume = EXCLUDED.monthly_volume, revenue_risk_usd = EXCLUDED.revenue_risk_usd, "
                + "severity = EXCLUDED.severity, policy = EXCLUDED.policy, updated_at = now()";
    }

    @Override
    public Object key(RiskSnapshot row) {
        return row.dimension() + '\u001f' + row.value();
    }

    @Override
    public void bind(PreparedStatement s, RiskSnapshot r) throws SQLException {
        s.setString(1, r.dimension());
        s.setString(2, r.value());
        s.setTimestamp(3, new Timestamp(r.windowFrom()));
        s.setTimestamp(4, new Timestamp(r.evaluatedAt()));
        WindowRowTable.bindCounts(s, 5, r.counts());
        Sql.setNullableDouble(s, 12, r.bounceRate());
        Sql.setNullableDouble(s, 13, r.spamRate());
        Sql.setNullableDouble(s, 14, r.deliverabilityRate());
        s.setDouble(15, r.monthlyVolume());
        s.setDouble(16, r.revenueRiskUsd());
        s.setString(17, r.severity());
        s.setString(18, r.policy());
    }
}
