package dev.revguard.job.it;

import dev.revguard.common.settings.DatabaseSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The real local PostgreSQL, one fresh schema per test, migrated by Flyway, dropped afterwards. */
final class TestDatabase implements AutoCloseable {
    static final String URL = System.getenv().getOrDefault(
            "REVGUARD_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv().getOrDefault("REVGUARD_TEST_DATABASE_USER", "postgres");

    private final DatabaseSettings settings;

    TestDatabase(String purpose) {
        String schema = "it_" + purpose.toLowerCase(Locale.ROOT) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        this.settings = new DatabaseSettings(URL, USER, null, schema);
        settings.migrate();
    }

    DatabaseSettings settings() {
        return settings;
    }

    String schema() {
        return settings.schema();
    }

    /** Each row as one string of its columns (Java's rendering of each value), so that sets of rows compare and print readably. */
    List<String> rows(String sql) throws SQLException {
        try (Connection c = settings.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) b.append(" | ");
                    b.append(rs.getObject(i));
                }
                rows.add(b.toString());
            }
            return rows;
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = settings.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs one statement that changes rows, as a user of the tables would; how many it changed. */
    int update(String sql) throws SQLException {
        try (Connection c = settings.connect(); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        if (System.getenv("REVGUARD_KEEP_TEST_SCHEMAS") != null) {
            return; // left for inspection
        }
        try (Connection c = settings.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + settings.schema() + " CASCADE");
        }
    }
}
