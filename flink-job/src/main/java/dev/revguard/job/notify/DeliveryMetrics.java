package dev.revguard.job.notify;

import dev.revguard.common.settings.DatabaseSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of the webhook outbox, counted in {@code alert_delivery_targets}: deliveries pending (waiting for
 * their next attempt), given up (the retry horizon passed), and the age of the oldest pending one. A
 * reporter's read answers the last count at once and, when that is older than {@link #MAX_AGE_MILLIS},
 * starts a new count on a short-lived background thread, so a slow or unreachable database never holds a
 * scrape; no thread is left once the gauges are no longer read.
 */
final class DeliveryMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryMetrics.class);
    static final long MAX_AGE_MILLIS = 5_000;
    private static final String COUNT = "SELECT count(*) FILTER (WHERE state = 'pending'), "
            + "count(*) FILTER (WHERE state = 'gave_up'), "
            + "coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE state = 'pending')), 0) "
            + "FROM alert_delivery_targets";

    private final DatabaseSettings database;
    private final ThreadPoolExecutor counting;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile long countedAt;
    private volatile double pending = Double.NaN;
    private volatile double gaveUp = Double.NaN;
    private volatile double oldestPendingSeconds = Double.NaN;
    private volatile boolean failing;

    private DeliveryMetrics(DatabaseSettings database) {
        this.database = database;
        this.counting = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1), r -> {
            Thread t = new Thread(r, "revguard-delivery-metrics");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers {@code pendingWebhookDeliveries}, {@code failedWebhookDeliveries} and {@code oldestPendingWebhookDeliverySeconds}. */
    static void register(MetricGroup group, DatabaseSettings database) {
        DeliveryMetrics m = new DeliveryMetrics(database);
        group.gauge("pendingWebhookDeliveries", () -> m.read(m.pending));
        group.gauge("failedWebhookDeliveries", () -> m.read(m.gaveUp));
        group.gauge("oldestPendingWebhookDeliverySeconds", () -> m.read(m.oldestPendingSeconds));
        m.refreshIfStale();
    }

    private double read(double value) {
        refreshIfStale();
        return value;
    }

    private void refreshIfStale() {
        if (System.currentTimeMillis() - countedAt < MAX_AGE_MILLIS || !inFlight.compareAndSet(false, true)) {
            return;
        }
        try {
            counting.execute(this::count);
        } catch (RejectedExecutionException e) {
            inFlight.set(false);
        }
    }

    private void count() {
        try (Connection c = database.connect("revguard-delivery-metrics"); Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet rs = s.executeQuery(COUNT)) {
                rs.next();
                pending = rs.getLong(1);
                gaveUp = rs.getLong(2);
                oldestPendingSeconds = rs.getDouble(3);
            }
            if (failing) {
                LOG.info("Counting webhook deliveries works again");
                failing = false;
            }
        } catch (SQLException e) {
            if (!failing) {
                LOG.warn("Cannot count webhook deliveries ({}); the gauges keep their last values", e.getMessage());
                failing = true;
            }
        } finally {
            countedAt = System.currentTimeMillis();
            inFlight.set(false);
        }
    }
}
