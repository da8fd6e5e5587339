package dev.revguard.query.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a report: gathers its figures, renders the one template to HTML and to PDF, and stores all three with the
 * e-mail state ({@code pending} when it is to be e-mailed and SMTP is configured).
 */
public final class ReportMaker {
    private static final Logger LOG = LoggerFactory.getLogger(ReportMaker.class);

    public enum Origin {
        SCHEDULE, REQUEST, SCRIPT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final ReportFigures figures;
    private final ReportStore store;
    private final ReportSettings settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final ReportTemplate template = new ReportTemplate();
    private final MeterRegistry metrics;
    private final Timer generation;

    public ReportMaker(ReportFigures figures, ReportStore store, ReportSettings settings, Clock clock, ObjectMapper json,
            MeterRegistry metrics) {
        this.figures = figures;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
        this.metrics = metrics;
        this.generation = Timer.builder("revguard.report.generation").description("time to make one executive report")
                .register(metrics);
    }

    public ReportSettings settings() {
        return settings;
    }

    /** Makes and stores a report in its own transaction; returns its id. */
    public long make(Instant from, Instant to, Origin origin, String requestedBy, boolean email) {
        return store.jdbi().inTransaction(h -> make(h, from, to, origin, null, requestedBy, email));
    }

    /** Makes and stores a report inside {@code h}'s transaction (a scheduled one holds the schedule's lock). */
    public long make(Handle h, Instant from, Instant to, Origin origin, Instant scheduledFor, String requestedBy, boolean email) {
        long start = System.nanoTime();
        Instant now = clock.instant();
        long id = store.reserveId(h);
        ReportFigures.Previous previous = store.previous(h, id).orElse(null);
        ReportFigures.Gathered g = figures.gather(id, from, to, now, settings.zone(), previous);
        long gathered = System.nanoTime();
        String html = template.html(g.document());
        byte[] pdf = ReportPdf.render(html, ReportPdf.Paper.parse(settings.paper()));
        long printed = System.nanoTime();
        int millis = (int) Duration.ofNanos(System.nanoTime() - start).toMillis();
        String status = !email ? "not_requested" : settings.smtp() == null ? "not_configured" : "pending";
        List<String> recipients = email && settings.smtp() != null ? settings.smtp().recipientList() : List.of();
        String figuresJson;
        try {
            figuresJson = json.writeValueAsString(g.figures());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report's figures could not be written as JSON", e);
        }
        store.insert(h, new ReportStore.NewReport(id, from, to, origin.label(), scheduledFor, requestedBy, settings.zone().getId(),
                now, millis, g.figures().health().score(), figuresJson, html, pdf, status, recipients,
                "pending".equals(status) ? now : null));
        generation.record(Duration.ofNanos(System.nanoTime() - start));
        Counter.builder("revguard.reports.generated").description("executive reports made, by origin")
                .tag("origin", origin.label()).register(metrics).increment();
        LOG.info("Executive report {} made for {} – {} ({}) in {} ms (figures {} ms, page and PDF {} ms), {} bytes of PDF, e-mail {}",
                id, from, to, origin.label(), millis, (gathered - start) / 1_000_000, (printed - gathered) / 1_000_000, pdf.length,
                status);
        return id;
    }
}
