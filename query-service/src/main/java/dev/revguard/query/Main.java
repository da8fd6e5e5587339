package dev.revguard.query;

import dev.revguard.common.settings.ConfigException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, applies migrations if asked, and serves. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        ServiceConfig config;
        try {
            config = ServiceConfig.parse(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println("See README.md (Query service) for every setting.");
            System.exit(2);
            return;
        }
        LOG.info("{}", config.describe());
        if (config.migrate()) {
            LOG.info("Database schema {} is at version {}", config.schema(), Database.migrate(config));
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Database db = new Database(config, metrics);
        var app = App.create(db.readJdbi(), db.writeJdbi(), config, metrics, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            db.close();
        }));
        app.start(config.port());
        if (config.roles().contains(ServiceRole.API)) {
            LOG.info("revguard query service on http://127.0.0.1:{}/ (dashboard), API under /api/v1, description at /openapi.json",
                    app.port());
        }
        if (config.roles().contains(ServiceRole.INTAKE)) {
            LOG.info("revguard webhook intake on http://127.0.0.1:{}/ingest/v1/{sendgrid,mailgun,ses,posthog} (those without a key answer 404)",
                    app.port());
        }
    }
}
