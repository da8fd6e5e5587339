package dev.revguard.job.notify;

import dev.revguard.common.settings.DatabaseSettings;
import dev.revguard.job.alert.AlertTransition;
import dev.revguard.job.config.DeliverySettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers pending notifications from the outbox tables on its own thread, so that no receiver,
 * however slow or dead, holds up the stream. Sends are asynchronous and concurrent; every attempt
 * is recorded in {@code alert_deliveries}; state lives in the database, so deliveries pending at a
 * crash are picked up by the next run, with the same webhook id. Notifications of one alert reach
 * one target in order.
 */
final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration POLL = Duration.ofMillis(250);
    /** How often the dispatcher looks for critical alerts nobody acknowledged. */
    private static final long ESCALATION_CHECK_MILLIS = 1000;

    private static final String DUE = "SELECT t.webhook_id, t.target_url, t.attempts, n.body, n.kind, "
            + "a.acknowledged_at IS NOT NULL, (extract(epoch FROM t.created_at) * 1000)::bigint, d.target_url IS NOT NULL "
            + "FROM alert_delivery_targets t "
            + "JOIN alert_notifications n ON n.webhook_id = t.webhook_id "
            + "JOIN alerts a ON a.alert_id = n.alert_id "
            + "LEFT JOIN webhook_targets_disabled d ON d.target_url = t.target_url "
            + "WHERE t.state = 'pending' AND t.next_attempt_at <= now() "
            + "AND NOT EXISTS (SELECT 1 FROM alert_delivery_targets e WHERE e.alert_id = t.alert_id "
            + "  AND e.target_url = t.target_url AND e.seq < t.seq AND e.state = 'pending') "
            + "ORDER BY t.created_at, t.seq LIMIT 100";

    private record Attempt(String webhookId, String target, int attempt, long createdAtMillis, Integer status,
            String error, Duration retryAfter, long durationMillis) {}

    private final DatabaseSettings database;
    private final DeliverySettings settings;
    private final WebhookSigner signer;
    private final RetryPolicy retry;
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final Queue<Attempt> finished = new ConcurrentLinkedQueue<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Object wakeUp = new Object();
    private final Thread thread;
    private final Escalations escalations;
    private long nextEscalationCheck;
    private volatile boolean running = true;

    WebhookDispatcher(DatabaseSettings database, DeliverySettings settings) {
        this.database = database;
        this.settings = settings;
        this.signer = new WebhookSigner(settings.secret());
        this.retry = new RetryPolicy(settings.retryInitial(), settings.retryMax());
        this.httpExecutor = Executors.newFixedThreadPool(2, r -> daemon(r, "revguard-webhook-http"));
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpExecutor)
                .build();
        this.thread = daemon(this::run, "revguard-webhook-dispatcher");
        this.escalations = settings.escalates() ? new Escalations(settings.escalationUrls(), settings.escalateAfter()) : null;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        thread.start();
    }

    /** New notifications are in the outbox: look now rather than at the next poll. */
    void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try (Connection c = database.connect()) {
                c.setAutoCommit(true);
                while (running) {
                    record(c);
                    escalate(c);
                    sendDue(c);
                    synchronized (wakeUp) {
                        if (finished.isEmpty() && running) {
                            wakeUp.wait(POLL.toMillis());
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Webhook dispatcher: database error, retrying in 2 s: {}", e.getMessage());
                    sleep(2000);
                }
            }
        }
    }

    private void escalate(Connection c) throws SQLException {
        if (escalations != null && System.currentTimeMillis() >= nextEscalationCheck) {
            nextEscalationCheck = System.currentTimeMillis() + ESCALATION_CHECK_MILLIS;
            escalations.recordDue(c);
        }
    }

    private void sendDue(Connection c) throws SQLException {
        List<String[]> disable = new ArrayList<>();
        List<String[]> skip = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(DUE); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String webhookId = rs.getString(1);
                String target = rs.getString(2);
                if (inFlight.contains(webhookId + ' ' + target)) {
                    continue;
                }
                if (rs.getBoolean(8)) {
                    disable.add(new String[] {webhookId, target});
                } else if (rs.getBoolean(6) && (AlertTransition.REPEAT.equals(rs.getString(5))
                        || AlertTransition.UNACKNOWLEDGED.equals(rs.getString(5)))) {
                    // a repeat or an escalation of an alert someone has acknowledged meanwhile
                    skip.add(new String[] {webhookId, target});
                } else {
                    send(webhookId, target, rs.getInt(3) + 1, rs.getString(4), rs.getLong(7));
                }
            }
        }
        for (String[] d : disable) {
            setState(c, d[0], d[1], "disabled", null, null);
        }
        for (String[] d : skip) {
            setState(c, d[0], d[1], "skipped", null, null);
        }
    }

    private void send(String webhookId, String target, int attempt, String body, long createdAt) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(target))
                    .timeout(settings.timeout())
                    .header("content-type", "application/json")
                    .header("user-agent", "revguard")
                    .header("webhook-id", webhookId)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signer.sign(webhookId, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            finished.add(new Attempt(webhookId, target, attempt, createdAt, null, "bad URL: " + e.getMessage(), null, 0));
            return;
        }
        String key = webhookId + ' ' + target;
        inFlight.add(key);
        long start = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                finished.add(new Attempt(webhookId, target, attempt, createdAt, null,
                        cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                        null, millis));
            } else {
                Duration retryAfter = RetryPolicy.parseRetryAfter(
                        response.headers().firstValue("retry-after").orElse(null), Instant.now());
                finished.add(new Attempt(webhookId, target, attempt, createdAt, response.statusCode(), null, retryAfter, millis));
            }
            wake();
        });
    }

    /**
     * Records finished attempts and decides what comes next for each, one transaction per attempt. An attempt
     * leaves the queue only once recorded: when the connection fails midway, the next connection records it again
     * from the start, so no attempt is lost and its notification is not left marked in flight.
     */
    private void record(Connection c) throws SQLException {
        Attempt a;
        while ((a = finished.peek()) != null) {
            c.setAutoCommit(false);
            try {
                recordOne(c, a);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone: the attempt stays queued for the next one
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // as above
                }
            }
            finished.poll();
            inFlight.remove(a.webhookId() + ' ' + a.target());
        }
    }

    private void recordOne(Connection c, Attempt a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_deliveries "
                + "(webhook_id, target_url, attempt, http_status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, a.webhookId());
            s.setString(2, a.target());
            s.setInt(3, a.attempt());
            s.setObject(4, a.status());
            s.setString(5, a.error());
            s.setInt(6, (int) Math.min(Integer.MAX_VALUE, a.durationMillis()));
            s.executeUpdate();
        }
        String answer = a.status() != null ? "HTTP " + a.status() : a.error();
        switch (RetryPolicy.classify(a.status())) {
            case DELIVERED -> {
                LOG.info("Webhook {} delivered to {} (attempt {}, {} ms)", a.webhookId(), a.target(), a.attempt(), a.durationMillis());
                setState(c, a.webhookId(), a.target(), "delivered", a.attempt(), null);
            }
            case DISABLE_TARGET -> {
                LOG.warn("Webhook target {} answered 410 Gone: nothing more is sent to it", a.target());
                try (PreparedStatement s = c.prepareStatement("INSERT INTO webhook_targets_disabled (target_url, reason) "
                        + "VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    s.setString(1, a.target());
                    s.setString(2, "410 Gone to webhook " + a.webhookId());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE alert_delivery_targets SET state = 'disabled', "
                        + "updated_at = now() WHERE target_url = ? AND state = 'pending'")) {
                    s.setString(1, a.target());
                    s.executeUpdate();
                }
                setState(c, a.webhookId(), a.target(), "disabled", a.attempt(), null);
            }
            case GIVE_UP -> {
                LOG.warn("Webhook {} to {} refused with {}: not retried", a.webhookId(), a.target(), answer);
                setState(c, a.webhookId(), a.target(), "gave_up", a.attempt(), null);
            }
            case RETRY -> {
                Duration delay = retry.delayAfter(a.attempt(), a.retryAfter());
                Instant next = Instant.now().plus(delay);
                if (next.isAfter(Instant.ofEpochMilli(a.createdAtMillis()).plus(settings.retryHorizon()))) {
                    LOG.warn("Webhook {} to {} failed ({}), retry horizon reached after {} attempts",
                            a.webhookId(), a.target(), answer, a.attempt());
                    setState(c, a.webhookId(), a.target(), "gave_up", a.attempt(), null);
                } else {
                    LOG.warn("Webhook {} to {} failed ({}), attempt {}; next in {} ms",
                            a.webhookId(), a.target(), answer, a.attempt(), delay.toMillis());
                    setState(c, a.webhookId(), a.target(), "pending", a.attempt(), next);
                }
            }
        }
    }

    private static void setState(Connection c, String webhookId, String target, String state, Integer attempts, Instant next)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alert_delivery_targets SET state = ?, "
                + "attempts = coalesce(?, attempts), next_attempt_at = coalesce(?, next_attempt_at), updated_at = now() "
                + "WHERE webhook_id = ? AND target_url = ?")) {
            s.setString(1, state);
            s.setObject(2, attempts);
            s.setTimestamp(3, next == null ? null : Timestamp.from(next));
            s.setString(4, webhookId);
            s.setString(5, target);
            s.executeUpdate();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        wake();
        thread.interrupt();
        thread.join(5000);
        httpExecutor.shutdownNow();
    }
}
