package dev.revguard.query.intake;

import dev.revguard.common.Migrations;
import dev.revguard.query.App;
import dev.revguard.query.Database;
import dev.revguard.query.ServiceConfig;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The query service as Main builds it, over a schema of its own in the real local PostgreSQL,
 * started on a free port with the settings a test gives; driven over real HTTP.
 */
final class IntakeService implements AutoCloseable {
    static final String DATABASE_URL = System.getenv().getOrDefault("REVGUARD_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Database database;
    private final Javalin app;

    private IntakeService(ServiceConfig config, Clock clock) {
        this.database = new Database(config, metrics);
        this.app = App.create(database.readJdbi(), database.writeJdbi(), config, metrics, clock);
        app.start(0);
    }

    /** A new schema with the migrations of {@code sql/} applied. */
    static String newSchema(String prefix) {
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Migrations.migrate(DATABASE_URL, "postgres", null, schema);
        return schema;
    }

    static void dropSchema(String schema) throws Exception {
        exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    static void exec(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(DATABASE_URL, "postgres", null); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(DATABASE_URL, "postgres", null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Starts the service with the settings every intake test shares, {@code settings} over them. */
    static IntakeService start(String schema, Map<String, String> settings, Clock clock) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", DATABASE_URL);
        env.put("DATABASE_USER", "postgres");
        env.put("DATABASE_SCHEMA", schema);
        env.put("DATABASE_MIGRATE", "false");
        env.put("PORT", "0");
        env.put("ALLOW_ANONYMOUS", "true");
        env.putAll(settings);
        env.values().removeIf(v -> v == null);
        return new IntakeService(ServiceConfig.parse(new String[0], env), clock);
    }

    HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        database.close();
    }
}
