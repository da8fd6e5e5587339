package dev.revguard.query;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Connection pools (a read-only one for queries, a small one for acknowledgements and reports) and migrations. */
public final class Database implements AutoCloseable {
    private final HikariDataSource read;
    private final HikariDataSource write;

    public Database(ServiceConfig config, MeterRegistry metrics) {
        this.read = pool(config, "revguard-read", config.poolSize(), true, metrics);
        this.write = pool(config, "revguard-write", 4, false, metrics);
    }

    private static HikariDataSource pool(ServiceConfig c, String name, int size, boolean readOnly, MeterRegistry metrics) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(name);
        h.setJdbcUrl(c.jdbcUrl());
        h.setUsername(c.databaseUser());
        h.setPassword(c.databasePassword());
        h.setSchema(c.schema());
        h.setReadOnly(readOnly);
        h.setMaximumPoolSize(size);
        h.setMinimumIdle(Math.min(2, size));
        h.setConnectionTimeout(3000);
        h.setInitializationFailTimeout(-1); // start even when the database is down: /health says so
        h.addDataSourceProperty("ApplicationName", "revguard-query");
        h.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        return new HikariDataSource(h);
    }

    /** Applies the migrations of {@code sql/}, the same ones the job applies. */
    public static String migrate(ServiceConfig c) {
        return c.database().migrate();
    }

    public Jdbi readJdbi() {
        return jdbi(read);
    }

    public Jdbi writeJdbi() {
        return jdbi(write);
    }

    private static Jdbi jdbi(HikariDataSource ds) {
        return Jdbi.create(ds).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
    }

    @Override
    public void close() {
        read.close();
        write.close();
    }
}
