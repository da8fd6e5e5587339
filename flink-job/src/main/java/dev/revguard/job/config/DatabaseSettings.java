package dev.revguard.job.config;

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

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A new connection whose search path is the configured schema. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        props.setProperty("reWriteBatchedInserts", "true");
        props.setProperty("ApplicationName", "revguard-job");
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        c.setSchema(schema);
        return c;
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
