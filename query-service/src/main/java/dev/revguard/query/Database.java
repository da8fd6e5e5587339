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
        ServiceConfig.DatabaseTimeouts timeouts = c.databaseTimeouts();
        long acquireMillis = timeouts.acquire().toMillis();
        h.setConnectionTimeout(acquireMillis);
        // A pooled connection unused for a moment is checked before it is handed out; the check must end within
        // the acquire timeout, or a hung database would hold the request past it (Hikari adds the two).
        h.setValidationTimeout(Math.max(250, Math.min(5000, acquireMillis / 2)));
        h.setInitializationFailTimeout(-1); // start even when the database is down: /health says so
        h.addDataSourceProperty("ApplicationName", "revguard-query");
        // New connections give up with the acquire timeout; a statement is cancelled by the server after the query
        // timeout, and the driver gives up one second later if the server does not answer at all (a network cut
        // without a reset, a stopped host): the connection is then dropped and the request answered 503.
        h.addDataSourceProperty("connectTimeout", Long.toString(seconds(timeouts.acquire())));
        h.addDataSourceProperty("socketTimeout", Long.toString(seconds(timeouts.query()) + 1));
        h.addDataSourceProperty("options", "-c statement_timeout=" + timeouts.query().toMillis());
        h.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        return new HikariDataSource(h);
    }

    private static long seconds(java.time.Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000); // the driver counts whole seconds
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
