package dev.revguard.job.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.common.settings.DatabaseSettings;
import dev.revguard.job.config.DeliverySettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells Alertmanager ({@code ALERTMANAGER_URLS}) about the alerts as Prometheus does, from what the outbox holds:
 * every firing alert is posted to {@code <url>/api/v2/alerts} at once when it appears and again every resend
 * interval with {@code endsAt} four intervals ahead; an alert that resolved, or whose severity changed (a new
 * label set), is posted once more with {@code endsAt} now. What each Alertmanager was last told is kept in
 * {@code alertmanager_alerts}, so a resolution it missed while down, or while the job was, is posted when it
 * answers again. Escalations ({@code unacknowledged}) are not posted: Alertmanager's own routing and
 * {@code repeat_interval} serve there. Runs on its own thread, so Alertmanager never holds up the stream.
 */
final class AlertmanagerClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How soon a post that failed is tried again (at most the resend interval). */
    private static final Duration RETRY = Duration.ofSeconds(5);

    private static final String FIRING = "SELECT a.alert_id, b.body FROM alerts a "
            + "JOIN LATERAL (SELECT n.body FROM alert_notifications n WHERE n.alert_id = a.alert_id "
            + "  AND n.kind <> 'unacknowledged' ORDER BY n.seq DESC LIMIT 1) b ON true "
            + "WHERE a.status = 'firing' ORDER BY a.started_at, a.alert_id";
    private static final String TOLD_FIRING = "SELECT alert_id, severity FROM alertmanager_alerts "
            + "WHERE target_url = ? AND state = 'firing'";
    private static final String LAST_AT_SEVERITY = "SELECT body FROM alert_notifications WHERE alert_id = ? "
            + "AND severity = ? AND kind <> 'unacknowledged' ORDER BY seq DESC LIMIT 1";
    private static final String TOLD = "INSERT INTO alertmanager_alerts (target_url, alert_id, severity, state) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (target_url, alert_id, severity) DO UPDATE SET state = EXCLUDED.state, "
            + "posts = alertmanager_alerts.posts + 1, last_posted_at = now()";

    /** One alert as Alertmanager takes it, and what it stands for here. */
    record Posted(String alertId, String severity, boolean firing, ObjectNode alert) {}

    private final DatabaseSettings database;
    private final List<String> urls;
    private final Duration resend;
    private final Duration timeout;
    private final HttpClient http;
    private final Object wakeUp = new Object();
    private final Thread thread;
    private final Map<String, Instant> nextFull = new LinkedHashMap<>();
    private boolean woken;
    private volatile boolean running = true;

    AlertmanagerClient(DatabaseSettings database, DeliverySettings settings) {
        this.database = database;
        this.urls = settings.alertmanagerUrls();
        this.resend = settings.alertmanagerResendInterval();
        this.timeout = settings.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.thread = new Thread(this::run, "revguard-alertmanager");
        this.thread.setDaemon(true);
        for (String url : urls) {
            nextFull.put(url, Instant.EPOCH);
        }
    }

    void start() {
        thread.start();
    }

    /** The outbox has changed: tell Alertmanager about new and resolved alerts now. */
    void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try (Connection c = database.connect()) {
                c.setAutoCommit(true);
                while (running) {
                    for (String url : urls) {
                        boolean full = !Instant.now().isBefore(nextFull.get(url));
                        if (post(c, url, full)) {
                            if (full) nextFull.put(url, Instant.now().plus(resend));
                        } else {
                            Instant retry = Instant.now().plus(RETRY.compareTo(resend) < 0 ? RETRY : resend);
                            if (retry.isBefore(nextFull.get(url))) nextFull.put(url, retry);
                        }
                    }
                    long waitMillis = nextFull.values().stream().mapToLong(i -> i.toEpochMilli()).min().orElse(0)
                            - System.currentTimeMillis();
                    synchronized (wakeUp) {
                        if (!woken && running && waitMillis > 0) {
                            wakeUp.wait(waitMillis);
                        }
                        woken = false;
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Alertmanager client: database error, retrying in 2 s: {}", e.getMessage());
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Posts to one Alertmanager what it must hear: every firing alert when {@code full}, else only those it was not
     * told of yet, and every resolution it has not taken. Whether Alertmanager took it (or there was nothing to say).
     */
    private boolean post(Connection c, String url, boolean full) throws SQLException {
        Instant now = Instant.now();
        List<Posted> alerts = due(c, url, full, now);
        if (alerts.isEmpty()) {
            return true;
        }
        ArrayNode body = JSON.createArrayNode();
        alerts.forEach(a -> body.add(a.alert()));
        String target = url + "/api/v2/alerts";
        String error;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(target))
                            .timeout(timeout)
                            .header("content-type", "application/json")
                            .header("user-agent", "revguard")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                told(c, url, alerts);
                long firing = alerts.stream().filter(Posted::firing).count();
                if (alerts.size() > firing || !full) {
                    LOG.info("Alertmanager {}: posted {} firing and {} resolved alert(s)", url, firing, alerts.size() - firing);
                }
                return true;
            }
            error = "HTTP " + r.statusCode() + " " + r.body().strip();
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        LOG.warn("Alertmanager {}: posting {} alert(s) failed ({}); trying again", url, alerts.size(), error);
        return false;
    }

    /** The alerts one Alertmanager must hear about now. */
    List<Posted> due(Connection c, String url, boolean full, Instant now) throws SQLException {
        Map<String, Posted> firing = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(FIRING); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Posted p = posted(rs.getString(1), rs.getString(2), true, now.plus(resend.multipliedBy(4)));
                firing.put(p.alertId() + ' ' + p.severity(), p);
            }
        }
        Map<String, String[]> told = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(TOLD_FIRING)) {
            s.setString(1, url);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    told.put(rs.getString(1) + ' ' + rs.getString(2), new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        List<Posted> out = new ArrayList<>();
        for (Map.Entry<String, Posted> f : firing.entrySet()) {
            if (full || !told.containsKey(f.getKey())) {
                out.add(f.getValue());
            }
        }
        for (Map.Entry<String, String[]> t : told.entrySet()) {
            if (!firing.containsKey(t.getKey())) {
                try (PreparedStatement s = c.prepareStatement(LAST_AT_SEVERITY)) {
                    s.setString(1, t.getValue()[0]);
                    s.setString(2, t.getValue()[1]);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            out.add(posted(t.getValue()[0], rs.getString(1), false, now));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** An alert of a stored notification body, as Alertmanager's API takes it, ending at {@code endsAt}. */
    static Posted posted(String alertId, String notificationBody, boolean firing, Instant endsAt) {
        try {
            JsonNode alert = JSON.readTree(notificationBody).get("alerts").get(0);
            ObjectNode a = JSON.createObjectNode();
            a.set("labels", alert.get("labels").deepCopy());
            a.set("annotations", alert.get("annotations").deepCopy());
            a.put("startsAt", alert.get("startsAt").asText());
            a.put("endsAt", endsAt.toString());
            a.put("generatorURL", alert.get("generatorURL").asText());
            return new Posted(alertId, alert.get("labels").get("severity").asText(), firing, a);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the notification of alert " + alertId + ": " + e.getMessage(), e);
        }
    }

    private static void told(Connection c, String url, List<Posted> alerts) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TOLD)) {
            for (Posted p : alerts) {
                s.setString(1, url);
                s.setString(2, p.alertId());
                s.setString(3, p.severity());
                s.setString(4, p.firing() ? "firing" : "resolved");
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        wake();
        thread.interrupt();
        thread.join(5000);
    }
}
