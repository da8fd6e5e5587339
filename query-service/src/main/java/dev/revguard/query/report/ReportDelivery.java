package dev.revguard.query.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mails the stored reports whose delivery is due: one at a time, claimed so that several instances never send
 * the same report twice at once; a failure is kept with the report ({@code retrying}, the error, the next attempt)
 * and retried with a doubling wait, until {@code REPORT_DELIVERY_ATTEMPTS} failures make it {@code failed}.
 */
public final class ReportDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(ReportDelivery.class);

    private final ReportStore store;
    private final ReportMailer mailer;
    private final ReportSettings settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final Counter sent;
    private final Counter failedAttempts;
    private final Counter gaveUp;
    private final AtomicLong undelivered = new AtomicLong();

    public ReportDelivery(ReportStore store, ReportMailer mailer, ReportSettings settings, Clock clock, ObjectMapper json,
            MeterRegistry metrics) {
        this.store = store;
        this.mailer = mailer;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
        this.sent = outcome(metrics, "sent");
        this.failedAttempts = outcome(metrics, "retrying");
        this.gaveUp = outcome(metrics, "failed");
        Gauge.builder("revguard.reports.undelivered", undelivered, AtomicLong::get)
                .description("executive reports whose e-mail is pending or being retried").register(metrics);
    }

    private static Counter outcome(MeterRegistry metrics, String outcome) {
        return Counter.builder("revguard.report.deliveries")
                .description("attempts to e-mail an executive report, by outcome (sent, retrying: failed and to be retried, "
                        + "failed: given up)")
                .tag("outcome", outcome).register(metrics);
    }

    /** Sends every report due now; returns how many were sent. */
    public int runDue() {
        int delivered = 0;
        while (true) {
            Instant now = clock.instant();
            // Long enough for one send to end (connect, write, read each within the timeout) before another may try.
            Instant lease = now.plus(settings.smtp().timeout().multipliedBy(4)).plusSeconds(30);
            Optional<ReportStore.Mail> due = store.claimDue(now, lease);
            if (due.isEmpty()) {
                break;
            }
            if (deliver(due.get())) {
                delivered++;
            }
        }
        undelivered.set(store.undelivered());
        return delivered;
    }

    private boolean deliver(ReportStore.Mail mail) {
        int attempt = mail.deliveryAttempts() + 1;
        try {
            String subject = json.readTree(mail.figuresJson()).path("subject").asText("revguard executive report");
            mailer.send(mailer.message(subject, mail.html(), mail.pdf(), mail.periodFrom(), mail.periodTo()));
            store.delivered(mail.reportId(), clock.instant(), attempt);
            sent.increment();
            LOG.info("Executive report {} e-mailed to {} (attempt {})", mail.reportId(), settings.smtp().recipientList(), attempt);
            return true;
        } catch (Exception e) {
            String error = describe(e);
            if (attempt >= settings.maxAttempts()) {
                store.failed(mail.reportId(), attempt, error, null);
                gaveUp.increment();
                LOG.error("Executive report {} not e-mailed after {} attempts, given up: {}", mail.reportId(), attempt, error);
            } else {
                Instant next = clock.instant().plus(settings.retryAfter(attempt));
                store.failed(mail.reportId(), attempt, error, next);
                failedAttempts.increment();
                LOG.warn("Executive report {} not e-mailed (attempt {}), next attempt at {}: {}", mail.reportId(), attempt, next,
                        error);
            }
            return false;
        }
    }

    /** The error and its causes in one line, without stack traces or credentials. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 500; t = t.getCause()) {
            if (!b.isEmpty()) b.append(": ");
            b.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip());
            if (t.getCause() == t) break;
        }
        return b.length() > 500 ? b.substring(0, 500) : b.toString();
    }
}
