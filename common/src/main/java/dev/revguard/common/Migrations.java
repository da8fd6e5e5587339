package dev.revguard.common;

import org.flywaydb.core.Flyway;

/**
 * Applies the Flyway migrations of {@code sql/} (packaged in this module under
 * {@code db/migration}); the job and the query service both call it, and Flyway's lock makes that safe.
 */
public final class Migrations {
    private Migrations() {}

    /** Brings the schema up to date; returns its version afterwards. */
    public static String migrate(String jdbcUrl, String user, String password, String schema) {
        Flyway flyway = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load();
        flyway.migrate();
        var current = flyway.info().current();
        return current == null ? "(empty)" : current.getVersion().getVersion();
    }
}
