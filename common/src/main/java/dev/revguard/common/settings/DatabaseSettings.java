package dev.revguard.common.settings;

import dev.revguard.common.Migrations;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where the job writes. {@code DATABASE_URL} may be a JDBC URL ({@code jdbc:postgresql://...}) or
 * a libpq-style URL ({@code postgres://user:password@host:5432/db}).
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, String schema)
        implements Serializable {

    /** Parses a database URL; user and password from the URL fill in what is not given. */
    public static DatabaseSettings parse(String url, String user, String password, String schema) {
        if (url.startsWith("jdbc:postgresql://")) {
            return new DatabaseSettings(url, user, password, schema);
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            try {
                URI uri = new URI(url);
                String u = user;
                String p = password;
                if (uri.getRawUserInfo() != null) {
                    String[] parts = uri.getRawUserInfo().split(":", 2);
                    if (u == null) u = decode(parts[0]);
                    if (p == null && parts.length > 1) p = decode(parts[1]);
                }
                int port = uri.getPort() < 0 ? 5432 : uri.getPort();
                String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
                String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query;
                return new DatabaseSettings(jdbc, u, p, schema);
            } catch (URISyntaxException | RuntimeException e) {
                throw new IllegalArgumentException("not a valid URL: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(
                "expected jdbc:postgresql://host:port/db or postgres://user@host:port/db");
    }

    /**
     * Reads {@code DATABASE_URL}, {@code DATABASE_USER} (default {@code postgres}),
     * {@code DATABASE_PASSWORD} and {@code DATABASE_SCHEMA} (default {@code public}); problems go
     * to {@code settings}, and the answer is null when the URL is missing or bad.
     */
    public static DatabaseSettings read(Settings settings, String purpose) {
        String url = settings.required("DATABASE_URL", purpose + " (jdbc:postgresql://host:5432/db)");
        String user = settings.raw("DATABASE_USER");
        String password = settings.raw("DATABASE_PASSWORD");
        String schema = settings.string("DATABASE_SCHEMA", "public");
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            settings.problem("DATABASE_SCHEMA=" + schema + ": expected a plain identifier (letters, digits, _)");
        }
        if (url == null) {
            return null;
        }
        try {
            DatabaseSettings database = parse(url, user, password, schema);
            return database.user() == null
                    ? new DatabaseSettings(database.jdbcUrl(), "postgres", database.password(), schema) : database;
        } catch (IllegalArgumentException e) {
            settings.problem("DATABASE_URL: " + e.getMessage());
            return null;
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A new connection whose search path is the configured schema. */
    public Connection connect() throws SQLException {
        return connect("revguard-job");
    }

    static {
        // DriverManager finds drivers on the JVM's class path only; on a Flink cluster the driver is in the job's
        // jar, loaded by the job's class loader. Loading it from here registers it where DriverManager allows it.
        try {
            Class.forName("org.postgresql.Driver", true, DatabaseSettings.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            // not packaged with this module: DriverManager's own lookup applies
        }
    }

    /** A new connection named {@code applicationName} in PostgreSQL's activity view. */
    public Connection connect(String applicationName) throws SQLException {
        Properties props = new Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        props.setProperty("reWriteBatchedInserts", "true");
        props.setProperty("ApplicationName", applicationName);
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        c.setSchema(schema);
        return c;
    }

    /** Applies the schema's migrations (see {@link Migrations}); returns its version afterwards. */
    public String migrate() {
        return Migrations.migrate(jdbcUrl, user, password, schema);
    }

    /** The URL with any password in it replaced, for logs. */
    public String maskedUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + maskedUrl() + ", user=" + user + ", password="
                + (password == null ? "(none)" : "****") + ", schema=" + schema + "]";
    }
}
