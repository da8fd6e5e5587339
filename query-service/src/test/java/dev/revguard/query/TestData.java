package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revguard.query.auth.TokenStore;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A schema of its own in the real local PostgreSQL, migrated, filled with rows the tests know. */
final class TestData implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** GET {@code path} as the viewer: the answer must have {@code status}; its JSON body. */
    static JsonNode viewerGet(HttpClient client, String path, int status) {
        io.javalin.testtools.Response r = client.get(path, req -> req.header("Authorization", "Bearer " + VIEWER));
        String body = r.body().string();
        assertThat(r.code()).as(body).isEqualTo(status);
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    static final String URL = System.getenv().getOrDefault("REVGUARD_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final Instant NOW = Instant.parse("2026-11-24T12:00:30Z");
    static final String VIEWER = "viewer-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static final String ADMIN = "admin-token-0123456789";
    static final String FIRING_ALERT = "alr_00000000000000000001";
    static final String RESOLVED_ALERT = "alr_00000000000000000002";

    final String schema = "qs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final ServiceConfig config;
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Database db;

    TestData(boolean anonymous) throws Exception {
        this(anonymous, Map.of());
    }

    /** With more settings than the defaults above ({@code settings} win). */
    TestData(boolean anonymous, Map<String, String> settings) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "DATABASE_URL", URL,
                "DATABASE_USER", "postgres",
                "DATABASE_SCHEMA", schema,
                "PORT", "0",
                "ALLOW_ANONYMOUS", Boolean.toString(anonymous),
                "TREND_MAX_POINTS", "500",
                "GAUGE_CACHE_MILLIS", "0",
                "PANEL_CACHE_MILLIS", "0",
                "API_TOKENS", "vera:viewer:" + TokenStore.sha256(VIEWER) + ",alice:operator:" + TokenStore.sha256(OPERATOR)
                        + ",root:admin:" + TokenStore.sha256(ADMIN)));
        env.putAll(settings);
        config = ServiceConfig.parse(new String[0], env);
        Database.migrate(config);
        exec("""
            INSERT INTO risk_snapshot (dimension, dimension_value, window_from, evaluated_at, sent, delivered, bounced,
              soft_bounced, deferred, dropped, spam_complaints, bounce_rate, spam_rate, deliverability_rate,
              monthly_volume, revenue_risk_usd, severity, policy, updated_at) VALUES
            ('all', 'all', '2026-11-24T11:45:00Z', '2026-11-24T12:00:00Z', 10000, 8000, 1700, 50, 100, 10, 40,
              0.17, 0.005, 0.8, 28800000, 12345.67, 'critical', 'seed', '2026-11-24T12:00:10Z'),
            ('sending_domain', 'mail.one.example', '2026-11-24T11:45:00Z', '2026-11-24T12:00:00Z', 1000, 800, 200, 0, 0, 0, 0,
              0.2, 0.0, 0.8, 2880000, 5000, 'critical', 'seed', '2026-11-24T12:00:10Z'),
            ('sending_domain', 'mail.two.example', '2026-11-24T11:45:00Z', '2026-11-24T12:00:00Z', 1000, 880, 120, 0, 0, 0, 0,
              0.12, 0.0, 0.88, 2880000, 9000, 'warning', 'seed', '2026-11-24T12:00:10Z'),
            ('sending_domain', 'mail.three.example', '2026-11-24T11:45:00Z', '2026-11-24T12:00:00Z', 1000, 990, 10, 0, 0, 0, 0,
              0.01, 0.0, 0.99, 2880000, 100, 'healthy', 'seed', '2026-11-24T12:00:10Z'),
            ('sending_domain', 'mail.four.example', '2026-11-24T11:45:00Z', '2026-11-24T12:00:00Z', 1000, 890, 110, 0, 0, 0, 0,
              0.11, 0.0, 0.89, 2880000, 8000, 'warning', 'seed', '2026-11-24T12:00:10Z'),
            ('sending_domain', 'mail.old.example', '2026-11-24T08:45:00Z', '2026-11-24T09:00:00Z', 10, 10, 0, 0, 0, 0, 0,
              0.0, 0.0, 1.0, 28800, 0, 'insufficient_data', 'seed', '2026-11-24T09:00:10Z')
            """);
        // Two hours of minute windows for all/all: minute i has 100 + i sent, i % 10 bounced.
        exec("""
            INSERT INTO deliverability_window (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, soft_bounced, deferred, dropped, spam_complaints, is_final, updated_at)
            SELECT 'all', 'all', t, t + interval '1 minute', 100 + i, 90, i % 10, 0, 0, 0, i % 2, true, now()
            FROM generate_series(0, 119) AS i, LATERAL (SELECT timestamptz '2026-11-24T10:00:00Z' + i * interval '1 minute') AS w(t)
            """);
        // The rollups the job writes from those minutes.
        for (String[] rollup : new String[][] {{"deliverability_hourly", "hour"}, {"deliverability_daily", "day"}}) {
            exec("""
                INSERT INTO %s (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
                  soft_bounced, deferred, dropped, spam_complaints, is_final)
                SELECT dimension, dimension_value, date_trunc('%s', window_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS s,
                  (date_trunc('%s', window_start AT TIME ZONE 'UTC') + interval '1 %s') AT TIME ZONE 'UTC', sum(sent),
                  sum(delivered), sum(bounced), sum(soft_bounced), sum(deferred), sum(dropped), sum(spam_complaints), true
                FROM deliverability_window GROUP BY 1, 2, 3, 4
                """.formatted(rollup[0], rollup[1], rollup[1], rollup[1]));
        }
        exec("""
            INSERT INTO alerts (alert_id, dimension, dimension_value, status, severity, current_severity, started_at,
              ended_at, last_change_at, sent, bounce_rate, spam_rate, deliverability_rate, revenue_risk_usd) VALUES
            ('%s', 'sending_domain', 'mail.one.example', 'firing', 'critical', 'critical', '2026-11-24T11:50:00Z', NULL,
              '2026-11-24T11:58:00Z', 1000, 0.2, 0.0, 0.8, 5000),
            ('%s', 'sending_ip', '198.51.100.9', 'resolved', 'monitor', 'healthy', '2026-11-24T09:00:00Z',
              '2026-11-24T09:30:00Z', '2026-11-24T09:32:00Z', 500, 0.01, 0.0, 0.99, 50)
            """.formatted(FIRING_ALERT, RESOLVED_ALERT));
    }

    /** The service over this schema, as Main builds it, with {@code clock} as its clock. */
    Javalin app(Clock clock) {
        if (db == null) {
            db = new Database(config, metrics);
        }
        return App.create(db.readJdbi(), db.writeJdbi(), config, metrics, clock);
    }

    /** One service instance over this schema with pools of its own, its reports kept for the test to drive. */
    record Instance(Javalin app, dev.revguard.query.report.Reports reports, PrometheusMeterRegistry metrics, Database db)
            implements AutoCloseable {
        @Override
        public void close() {
            reports.close();
            db.close();
        }
    }

    Instance instance(Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Database own = new Database(config, registry);
        Panels panels = Panels.create(own.readJdbi(), config, clock);
        var reports = new dev.revguard.query.report.Reports(panels, own.readJdbi(), own.writeJdbi(), config,
                dev.revguard.query.web.Json.mapper(), registry, clock);
        return new Instance(App.create(panels, reports, own.readJdbi(), own.writeJdbi(), config, registry, clock), reports,
                registry, own);
    }

    /** The write pool of this schema, as the service's. */
    org.jdbi.v3.core.Jdbi writeJdbi() {
        readJdbi();
        return db.writeJdbi();
    }

    /** The read pool of this schema, as the service's. */
    org.jdbi.v3.core.Jdbi readJdbi() {
        if (db == null) {
            db = new Database(config, metrics);
        }
        return db.readJdbi();
    }

    void exec(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "postgres", null); Statement s = c.createStatement()) {
            c.setSchema(schema);
            s.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        if (db != null) {
            db.close();
        }
        try (Connection c = DriverManager.getConnection(URL, "postgres", null); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
