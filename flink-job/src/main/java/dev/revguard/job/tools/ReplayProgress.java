package dev.revguard.job.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revguard.common.settings.DatabaseSettings;
import dev.revguard.common.settings.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a replay does, for {@code scripts/replay.sh}: while the job runs, a line every few seconds with the
 * records its sources have read, the rate and the event time its windows have reached (Flink's REST API, read
 * as JSON); when it is over, a summary from PostgreSQL: the rows each table had written since the replay
 * started, the event-time range of the minute windows written, and the notifications recorded and sent.
 *
 * <pre>java -cp revguard-job.jar dev.revguard.job.tools.ReplayProgress --rest URL --job ID --since ISO-TIME [--every 5s]</pre>
 */
public final class ReplayProgress {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static final List<String> TABLES = List.of("deliverability_window", "deliverability_hourly", "deliverability_daily",
            "risk_snapshot", "alerts", "strategic_decisions");

    private ReplayProgress() {}

    /** One look at the job: its state, the records its sources emitted, the lowest watermark of its windows. */
    record Look(String state, long recordsRead, Long watermark) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        String rest = a.get("--rest");
        String pid = a.get("--pid");
        Instant since = Instant.parse(a.getOrDefault("--since", Instant.now().toString()));
        Duration every = Settings.parseDuration(a.getOrDefault("--every", "5s"));
        if (rest == null) {
            System.err.println("usage: ReplayProgress --rest URL [--job ID] [--pid PID] --since ISO-TIME [--every 5s]");
            System.exit(2);
        }
        String job = a.get("--job");
        for (int i = 0; job == null && i < 120; i++) {
            job = findJob(rest);
            if (job == null) {
                if (pid != null && !java.nio.file.Files.exists(java.nio.file.Path.of("/proc", pid))) break;
                Thread.sleep(1000);
            }
        }
        if (job == null) {
            System.err.println("replay: the job did not start; see its log");
            System.exit(1);
        }
        System.out.println("replay: job " + job + " at " + rest);
        Look last = new Look("?", 0, null);
        Instant lastAt = Instant.now();
        long lastRecords = 0;
        while (true) {
            Look look = look(rest, job);
            Instant now = Instant.now();
            if (look.recordsRead() >= 0) {
                double seconds = Math.max(0.001, Duration.between(lastAt, now).toMillis() / 1000.0);
                long rate = Math.round((look.recordsRead() - lastRecords) / seconds);
                System.out.printf(Locale.ROOT, "replay: %s, %,d records read, %,d/s, event time reached %s%n", look.state(),
                        look.recordsRead(), Math.max(0, rate), look.watermark() == null ? "-" : Instant.ofEpochMilli(look.watermark()));
                lastRecords = look.recordsRead();
                lastAt = now;
                last = look;
            } else {
                System.out.printf(Locale.ROOT, "replay: %s%n", look.state());
            }
            if (Set.of("FINISHED", "FAILED", "CANCELED", "GONE").contains(look.state())) {
                if (!"GONE".equals(look.state()) || !"?".equals(last.state())) {
                    summary(last, look.state(), since);
                }
                System.exit("FAILED".equals(look.state()) || "CANCELED".equals(look.state()) ? 1 : 0);
            }
            Thread.sleep(every.toMillis());
        }
    }

    /** The id of the job named revguard that is starting or running, or null. */
    static String findJob(String rest) {
        JsonNode overview = get(rest + "/jobs/overview");
        if (overview == null) return null;
        for (JsonNode j : overview.path("jobs")) {
            if ("revguard".equals(j.path("name").asText())
                    && Set.of("RUNNING", "CREATED", "INITIALIZING").contains(j.path("state").asText())) {
                return j.path("jid").asText();
            }
        }
        return null;
    }

    static Look look(String rest, String job) {
        JsonNode detail = get(rest + "/jobs/" + job);
        if (detail == null) {
            return new Look("GONE", -1, null);
        }
        long read = 0;
        Long watermark = null;
        for (JsonNode v : detail.path("vertices")) {
            String name = v.path("name").asText();
            if (name.startsWith("Source")) {
                read += v.path("metrics").path("write-records").asLong(0);
            }
            if (name.contains("count outcomes")) {
                JsonNode marks = get(rest + "/jobs/" + job + "/vertices/" + v.path("id").asText() + "/watermarks");
                if (marks != null) {
                    for (JsonNode m : marks) {
                        long w = m.path("value").asLong(Long.MIN_VALUE);
                        if (w > 0 && w < Long.MAX_VALUE && (watermark == null || w < watermark)) watermark = w;
                    }
                }
            }
        }
        return new Look(detail.path("state").asText("?"), read, watermark);
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The closing lines: records read as the job last reported them, then what PostgreSQL holds from this run. */
    static void summary(Look last, String end, Instant since) {
        System.out.printf(Locale.ROOT, "replay: %s; %,d records read (the job's last report)%n",
                "GONE".equals(end) ? "the job has stopped" : "job " + end, last.recordsRead());
        DatabaseSettings db = DatabaseSettings.read(new Settings(new String[0], System.getenv(), Set.of()),
                "the PostgreSQL database the job writes");
        try (Connection c = db.connect("revguard-replay-summary")) {
            Timestamp from = Timestamp.from(since.truncatedTo(ChronoUnit.MILLIS));
            for (String table : TABLES) {
                System.out.printf(Locale.ROOT, "replay:   %-22s %,d rows written%n", table,
                        count(c, "SELECT count(*) FROM " + table + " WHERE updated_at >= ?", from));
            }
            try (PreparedStatement s = c.prepareStatement("SELECT min(window_start), max(window_end) FROM deliverability_window "
                    + "WHERE updated_at >= ?")) {
                s.setTimestamp(1, from);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    System.out.println("replay:   event time covered " + (rs.getTimestamp(1) == null ? "- (no window written)"
                            : rs.getTimestamp(1).toInstant() + " to " + rs.getTimestamp(2).toInstant()));
                }
            }
            long recorded = count(c, "SELECT count(*) FROM alert_notifications WHERE created_at >= ?", from);
            long sent = count(c, "SELECT count(*) FROM alert_deliveries d JOIN alert_notifications n USING (webhook_id) "
                    + "WHERE n.created_at >= ? AND d.http_status BETWEEN 200 AND 299", from);
            System.out.printf(Locale.ROOT, "replay:   notifications recorded %,d, sent %,d%n", recorded, sent);
        } catch (SQLException e) {
            System.out.println("replay:   no summary: PostgreSQL did not answer (" + e.getMessage() + ")");
        }
    }

    private static long count(Connection c, String sql, Timestamp from) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, from);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
