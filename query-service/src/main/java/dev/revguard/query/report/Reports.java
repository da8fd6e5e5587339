package dev.revguard.query.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revguard.query.Panels;
import dev.revguard.query.ServiceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executive reports of one instance: the maker, the schedule and the e-mail delivery, checked every
 * {@code REPORT_CHECK_EVERY} on one background thread from {@link #start()} (at once, then periodically) until
 * {@link #close()}. A check that fails (the database gone) is logged and tried again at the next.
 */
public final class Reports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

    private final ReportSettings settings;
    private final ReportStore store;
    private final ReportMaker maker;
    private final ReportScheduler scheduler;
    private final ReportDelivery delivery;
    private ScheduledExecutorService thread;

    public Reports(Panels panels, Jdbi readJdbi, Jdbi writeJdbi, ServiceConfig config, ObjectMapper json, MeterRegistry metrics,
            Clock clock) {
        this.settings = config.reports();
        this.store = new ReportStore(writeJdbi);
        this.maker = new ReportMaker(new ReportFigures(panels, readJdbi, config.panels()), store, settings, clock, json, metrics);
        this.scheduler = settings.schedule() == null ? null
                : new ReportScheduler(maker, store, settings.schedule(), settings.catchUpLimit(), true, clock);
        this.delivery = settings.smtp() == null ? null
                : new ReportDelivery(store, new ReportMailer(settings.smtp()), settings, clock, json, metrics);
    }

    public ReportStore store() {
        return store;
    }

    public ReportMaker maker() {
        return maker;
    }

    public ReportScheduler scheduler() {
        return scheduler;
    }

    public ReportDelivery delivery() {
        return delivery;
    }

    /** One check: the due slots' reports, then the due e-mails. */
    public void check() {
        try {
            if (scheduler != null) {
                scheduler.runDue();
            }
        } catch (RuntimeException e) {
            LOG.warn("Scheduled reports not checked, tried again in {} ms: {}", settings.checkEvery().toMillis(),
                    ReportDelivery.describe(e));
        }
        try {
            if (delivery != null) {
                delivery.runDue();
            }
        } catch (RuntimeException e) {
            LOG.warn("Report e-mails not checked, tried again in {} ms: {}", settings.checkEvery().toMillis(),
                    ReportDelivery.describe(e));
        }
    }

    public synchronized void start() {
        if (thread != null || (scheduler == null && delivery == null)) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "revguard-reports");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::check, 0, settings.checkEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
