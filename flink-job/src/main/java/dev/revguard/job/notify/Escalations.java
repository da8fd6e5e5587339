package dev.revguard.job.notify;

import dev.revguard.job.alert.AlertTransition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalation when nobody answers: a critical alert not acknowledged {@code escalateAfter} (wall clock) after the
 * notification that made it critical is notified once more, kind {@code unacknowledged}, to the escalation URLs.
 * An alert acknowledged, resolved or below critical by then is not escalated. The escalation's webhook id is
 * derived from the notification it escalates and {@code escalation_of} is unique, so restarts and several
 * passes make one escalation with one id. Runs on the dispatcher's thread, which then delivers it.
 */
final class Escalations {
    private static final Logger LOG = LoggerFactory.getLogger(Escalations.class);

    /** Critical notifications due for escalation; the clock is the database's, as the outbox's created_at. */
    private static final String DUE = "SELECT n.webhook_id, n.alert_id, n.seq, n.status, n.severity, n.changed_at, n.sent, "
            + "n.bounce_rate, n.spam_rate, n.deliverability_rate, n.revenue_risk_usd, n.body "
            + "FROM alert_notifications n JOIN alerts a ON a.alert_id = n.alert_id "
            + "WHERE n.kind IN ('firing', 'escalated') AND n.severity = 'critical' AND NOT n.replay "
            + "AND n.created_at <= now() - make_interval(secs => ?) "
            + "AND a.status = 'firing' AND a.current_severity = 'critical' AND a.acknowledged_at IS NULL "
            + "AND NOT EXISTS (SELECT 1 FROM alert_notifications e WHERE e.escalation_of = n.webhook_id) "
            + "ORDER BY n.created_at LIMIT 100";
    private static final String INSERT = "INSERT INTO alert_notifications (webhook_id, alert_id, seq, kind, status, "
            + "severity, changed_at, sent, bounce_rate, spam_rate, deliverability_rate, revenue_risk_usd, body, replay, "
            + "escalation_of) SELECT ?, alert_id, seq, ?, status, severity, changed_at, sent, bounce_rate, spam_rate, "
            + "deliverability_rate, revenue_risk_usd, ?, false, webhook_id FROM alert_notifications WHERE webhook_id = ? "
            + "ON CONFLICT DO NOTHING";
    private static final String TARGET = "INSERT INTO alert_delivery_targets (webhook_id, target_url, alert_id, seq) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final List<String> urls;
    private final Duration after;

    Escalations(List<String> urls, Duration after) {
        this.urls = List.copyOf(urls);
        this.after = after;
    }

    /** The webhook id of the escalation of the notification {@code webhookId}. */
    static String webhookId(String webhookId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(
                    (webhookId + '\u001f' + AlertTransition.UNACKNOWLEDGED).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(d).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the escalations that are due, with one pending delivery per escalation URL; how many it made. */
    int recordDue(Connection c) throws SQLException {
        record Due(String webhookId, String alertId, int seq, String body) {}
        List<Due> due = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(DUE)) {
            s.setDouble(1, after.toMillis() / 1000.0);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(12)));
                }
            }
        }
        int made = 0;
        for (Due d : due) {
            String id = webhookId(d.webhookId());
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement n = c.prepareStatement(INSERT); PreparedStatement t = c.prepareStatement(TARGET)) {
                n.setString(1, id);
                n.setString(2, AlertTransition.UNACKNOWLEDGED);
                n.setString(3, AlertmanagerPayload.escalation(d.body(), after));
                n.setString(4, d.webhookId());
                if (n.executeUpdate() == 1) {
                    for (String url : urls) {
                        t.setString(1, id);
                        t.setString(2, url);
                        t.setString(3, d.alertId());
                        t.setInt(4, d.seq());
                        t.addBatch();
                    }
                    t.executeBatch();
                    made++;
                    LOG.info("Alert {} critical and not acknowledged after {} s: escalation {} to {} URL(s)",
                            d.alertId(), after.toSeconds(), id, urls.size());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
        return made;
    }
}
