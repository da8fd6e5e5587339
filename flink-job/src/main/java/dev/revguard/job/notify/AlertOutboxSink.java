package dev.revguard.job.notify;

import dev.revguard.common.settings.DatabaseSettings;
import dev.revguard.job.alert.AlertTransition;
import dev.revguard.job.config.DeliverySettings;
import dev.revguard.job.sink.Sql;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes alert transitions to {@code alerts} and {@code alert_notifications}, and one pending
 * delivery per webhook URL to the outbox, in one transaction, before every checkpoint barrier and
 * every flush interval. Everything is keyed by ids derived from the transitions, so writing a
 * transition again after a restore changes nothing, and a delivery already made is not made again.
 * In replay mode the history is written and nothing is queued for delivery.
 *
 * <p>The sink runs with parallelism 1 and starts the {@link WebhookDispatcher} that empties the
 * outbox (and escalates critical alerts nobody acknowledged) and the {@link AlertmanagerClient} that
 * keeps Alertmanager told of the firing alerts.
 */
public class AlertOutboxSink implements Sink<AlertTransition> {
    private final DatabaseSettings database;
    private final DeliverySettings settings;
    private final long flushIntervalMillis;

    public AlertOutboxSink(DatabaseSettings database, DeliverySettings settings, long flushIntervalMillis) {
        this.database = database;
        this.settings = settings;
        this.flushIntervalMillis = flushIntervalMillis;
    }

    @Override
    public SinkWriter<AlertTransition> createWriter(WriterInitContext context) throws IOException {
        DeliveryMetrics.register(context.metricGroup().addGroup("revguard"), database);
        try {
            return new Writer(database.connect(), settings, context.getProcessingTimeService(), flushIntervalMillis,
                    settings.delivers() || settings.escalates() ? new WebhookDispatcher(database, settings) : null,
                    settings.postsToAlertmanager() ? new AlertmanagerClient(database, settings) : null);
        } catch (SQLException e) {
            throw new IOException("cannot connect to " + database.maskedUrl() + ": " + e.getMessage(), e);
        }
    }

    static final class Writer implements SinkWriter<AlertTransition> {
        private static final String UPSERT_ALERT = "INSERT INTO alerts (alert_id, dimension, dimension_value, status, "
                + "severity, current_severity, started_at, ended_at, last_change_at, sent, bounce_rate, spam_rate, "
                + "deliverability_rate, revenue_risk_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (alert_id) DO UPDATE SET status = EXCLUDED.status, severity = EXCLUDED.severity, "
                + "current_severity = EXCLUDED.current_severity, ended_at = EXCLUDED.ended_at, "
                + "last_change_at = EXCLUDED.last_change_at, sent = EXCLUDED.sent, bounce_rate = EXCLUDED.bounce_rate, "
                + "spam_rate = EXCLUDED.spam_rate, deliverability_rate = EXCLUDED.deliverability_rate, "
                + "revenue_risk_usd = EXCLUDED.revenue_risk_usd, updated_at = now() "
                + "WHERE alerts.last_change_at <= EXCLUDED.last_change_at";
        private static final String INSERT_NOTIFICATION = "INSERT INTO alert_notifications (webhook_id, alert_id, seq, "
                + "kind, status, severity, changed_at, sent, bounce_rate, spam_rate, deliverability_rate, "
                + "revenue_risk_usd, body, replay) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (webhook_id) DO NOTHING";
        private static final String INSERT_TARGET = "INSERT INTO alert_delivery_targets (webhook_id, target_url, "
                + "alert_id, seq) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

        private final Connection connection;
        private final DeliverySettings settings;
        private final ProcessingTimeService time;
        private final long flushIntervalMillis;
        private final WebhookDispatcher dispatcher;
        private final AlertmanagerClient alertmanager;
        private final List<AlertTransition> buffer = new ArrayList<>();
        private boolean closed;

        Writer(Connection connection, DeliverySettings settings, ProcessingTimeService time, long flushIntervalMillis,
                WebhookDispatcher dispatcher, AlertmanagerClient alertmanager) throws SQLException {
            this.connection = connection;
            this.connection.setAutoCommit(false);
            this.settings = settings;
            this.time = time;
            this.flushIntervalMillis = flushIntervalMillis;
            this.dispatcher = dispatcher;
            this.alertmanager = alertmanager;
            if (dispatcher != null) {
                dispatcher.start();
            }
            if (alertmanager != null) {
                alertmanager.start();
            }
            scheduleFlush();
        }

        private void scheduleFlush() {
            time.registerTimer(time.getCurrentProcessingTime() + flushIntervalMillis, t -> {
                if (!closed) {
                    write();
                    scheduleFlush();
                }
            });
        }

        @Override
        public void write(AlertTransition t, Context context) {
            buffer.add(t);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            write();
        }

        private void write() throws IOException {
            if (buffer.isEmpty()) {
                return;
            }
            try (PreparedStatement alert = connection.prepareStatement(UPSERT_ALERT);
                    PreparedStatement notification = connection.prepareStatement(INSERT_NOTIFICATION);
                    PreparedStatement target = connection.prepareStatement(INSERT_TARGET)) {
                for (AlertTransition t : buffer) {
                    bindAlert(alert, t);
                    alert.executeUpdate();
                    bindNotification(notification, t);
                    notification.executeUpdate();
                    if (settings.delivers()) {
                        for (String url : settings.webhookUrls()) {
                            target.setString(1, t.webhookId());
                            target.setString(2, url);
                            target.setString(3, t.alertId());
                            target.setInt(4, t.seq());
                            target.addBatch();
                        }
                    }
                }
                target.executeBatch();
                connection.commit();
                buffer.clear();
            } catch (SQLException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken: the task restarts and reconnects
                }
                throw new IOException("writing alert transitions failed: " + e.getMessage(), e);
            }
            if (dispatcher != null) {
                dispatcher.wake();
            }
            if (alertmanager != null) {
                alertmanager.wake();
            }
        }

        private static void bindAlert(PreparedStatement s, AlertTransition t) throws SQLException {
            s.setString(1, t.alertId());
            s.setString(2, t.dimension());
            s.setString(3, t.value());
            s.setString(4, t.status());
            s.setString(5, t.severity());
            s.setString(6, t.currentSeverity());
            s.setTimestamp(7, new Timestamp(t.startsAt()));
            s.setTimestamp(8, t.endsAt() == 0 ? null : new Timestamp(t.endsAt()));
            s.setTimestamp(9, new Timestamp(t.changedAt()));
            s.setLong(10, t.sent());
            Sql.setNullableDouble(s, 11, t.bounceRate());
            Sql.setNullableDouble(s, 12, t.spamRate());
            Sql.setNullableDouble(s, 13, t.deliverabilityRate());
            s.setDouble(14, t.revenueRiskUsd());
        }

        private void bindNotification(PreparedStatement s, AlertTransition t) throws SQLException {
            s.setString(1, t.webhookId());
            s.setString(2, t.alertId());
            s.setInt(3, t.seq());
            s.setString(4, t.kind());
            s.setString(5, t.status());
            s.setString(6, t.severity());
            s.setTimestamp(7, new Timestamp(t.changedAt()));
            s.setLong(8, t.sent());
            Sql.setNullableDouble(s, 9, t.bounceRate());
            Sql.setNullableDouble(s, 10, t.spamRate());
            Sql.setNullableDouble(s, 11, t.deliverabilityRate());
            s.setDouble(12, t.revenueRiskUsd());
            s.setString(13, AlertmanagerPayload.body(t, settings.externalUrl()));
            s.setBoolean(14, settings.replay());
        }

        @Override
        public void close() throws Exception {
            closed = true;
            try (connection) {
                if (dispatcher != null) {
                    dispatcher.close();
                }
                if (alertmanager != null) {
                    alertmanager.close();
                }
                if (!connection.isClosed()) {
                    connection.rollback();
                }
            }
        }
    }
}
