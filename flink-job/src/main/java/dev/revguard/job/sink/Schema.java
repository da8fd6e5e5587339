package dev.revguard.job.sink;

import dev.revguard.job.config.DatabaseSettings;
import org.flywaydb.core.Flyway;

/** Applies the Flyway migrations of {@code sql/} (packaged under {@code db/migration}). */
public final class Schema {
    private Schema() {}

    /** Brings the schema up to date; returns its version afterwards. */
    public static String migrate(DatabaseSettings db) {
        Flyway flyway = Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .schemas(db.schema())
                .defaultSchema(db.schema())
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load();
        flyway.migrate();
        var current = flyway.info().current();
        return current == null ? "(empty)" : current.getVersion().getVersion();
    }
}
