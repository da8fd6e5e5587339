package dev.revguard.query.report;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@code executive_reports}: the stored reports and their e-mail delivery state. */
public final class ReportStore {
    static final String ENTRY = "report_id, period_from, period_to, origin, scheduled_for, requested_by, time_zone, "
            + "generated_at, generation_millis, health_score, octet_length(pdf) AS pdf_bytes, delivery_status, recipients, "
            + "delivery_attempts, next_attempt_at, last_error, delivered_at";

    private final Jdbi jdbi;

    public ReportStore(Jdbi writeJdbi) {
        this.jdbi = writeJdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** A report as listed: everything but the page, the PDF and the figures. */
    public record Entry(long reportId, Instant periodFrom, Instant periodTo, String origin, Instant scheduledFor,
            String requestedBy, String timeZone, Instant generatedAt, int generationMillis, Double healthScore, long pdfBytes,
            String deliveryStatus, List<String> recipients, int deliveryAttempts, Instant nextAttemptAt, String lastError,
            Instant deliveredAt) {}

    /** What is written once when a report is made. */
    public record NewReport(long reportId, Instant periodFrom, Instant periodTo, String origin, Instant scheduledFor,
            String requestedBy, String timeZone, Instant generatedAt, int generationMillis, Double healthScore,
            String figuresJson, String html, byte[] pdf, String deliveryStatus, List<String> recipients, Instant nextAttemptAt) {}

    /** What an e-mail is made of. */
    public record Mail(long reportId, String figuresJson, String html, byte[] pdf, int deliveryAttempts, Instant periodFrom,
            Instant periodTo) {}

    private static final RowMapper<Entry> ENTRY_MAPPER = (rs, ctx) -> new Entry(rs.getLong("report_id"),
            instant(rs.getTimestamp("period_from")), instant(rs.getTimestamp("period_to")), rs.getString("origin"),
            instant(rs.getTimestamp("scheduled_for")), rs.getString("requested_by"), rs.getString("time_zone"),
            instant(rs.getTimestamp("generated_at")), rs.getInt("generation_millis"),
            rs.getObject("health_score") == null ? null : rs.getDouble("health_score"), rs.getLong("pdf_bytes"),
            rs.getString("delivery_status"), List.of((String[]) rs.getArray("recipients").getArray()),
            rs.getInt("delivery_attempts"), instant(rs.getTimestamp("next_attempt_at")), rs.getString("last_error"),
            instant(rs.getTimestamp("delivered_at")));

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** An id for a report about to be made, so that the report can print it. */
    public long reserveId(Handle h) {
        return h.createQuery("SELECT nextval(pg_get_serial_sequence('executive_reports', 'report_id'))").mapTo(Long.class).one();
    }

    public void insert(Handle h, NewReport r) {
        h.createUpdate("""
                INSERT INTO executive_reports (report_id, period_from, period_to, origin, scheduled_for, requested_by,
                  time_zone, generated_at, generation_millis, health_score, figures, html, pdf, delivery_status, recipients,
                  next_attempt_at)
                OVERRIDING SYSTEM VALUE
                VALUES (:id, :from, :to, :origin, :scheduledFor, :requestedBy, :zone, :generatedAt, :millis, :health,
                  CAST(:figures AS jsonb), :html, :pdf, :status, :recipients, :next)
                """)
                .bind("id", r.reportId()).bind("from", r.periodFrom()).bind("to", r.periodTo()).bind("origin", r.origin())
                .bind("scheduledFor", r.scheduledFor()).bind("requestedBy", r.requestedBy()).bind("zone", r.timeZone())
                .bind("generatedAt", r.generatedAt()).bind("millis", r.generationMillis()).bind("health", r.healthScore())
                .bind("figures", r.figuresJson()).bind("html", r.html()).bind("pdf", r.pdf()).bind("status", r.deliveryStatus())
                .bind("recipients", r.recipients().toArray(new String[0])).bind("next", r.nextAttemptAt())
                .execute();
    }

    public List<Entry> list(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ENTRY + " FROM executive_reports "
                + "ORDER BY generated_at DESC, report_id DESC LIMIT :limit").bind("limit", limit).map(ENTRY_MAPPER).list());
    }

    public Optional<Entry> entry(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ENTRY + " FROM executive_reports WHERE report_id = :id")
                .bind("id", id).map(ENTRY_MAPPER).findOne());
    }

    public Optional<String> figures(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT figures::text FROM executive_reports WHERE report_id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    public Optional<String> html(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT html FROM executive_reports WHERE report_id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    public Optional<byte[]> pdf(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT pdf FROM executive_reports WHERE report_id = :id")
                .bind("id", id).mapTo(byte[].class).findOne());
    }

    /** The latest report made before {@code id}, for the health score's change. */
    public Optional<ReportFigures.Previous> previous(Handle h, long id) {
        return h.createQuery("SELECT report_id, generated_at, health_score FROM executive_reports WHERE report_id < :id "
                        + "ORDER BY generated_at DESC, report_id DESC LIMIT 1")
                .bind("id", id)
                .map((rs, ctx) -> new ReportFigures.Previous(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                        rs.getObject(3) == null ? null : rs.getDouble(3)))
                .findOne();
    }

    /** The latest slot a scheduled report was made for, or null. */
    public Instant latestScheduled(Handle h) {
        return h.createQuery("SELECT max(scheduled_for) FROM executive_reports").mapTo(Instant.class).one();
    }

    public boolean scheduledExists(Handle h, Instant slot) {
        return h.createQuery("SELECT EXISTS (SELECT 1 FROM executive_reports WHERE scheduled_for = :slot)")
                .bind("slot", slot).mapTo(Boolean.class).one();
    }

    /**
     * Takes the transaction-scoped lock of this schema's report schedule without waiting: false when another
     * instance holds it (and is making the due report).
     */
    public boolean tryScheduleLock(Handle h) {
        return h.createQuery("SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.executive_reports.schedule'))")
                .mapTo(Boolean.class).one();
    }

    /**
     * Claims the next report whose e-mail is due by {@code now}, pushing its next attempt to {@code leaseUntil} so no
     * other instance sends it meanwhile; empty when none is due.
     */
    public Optional<Mail> claimDue(Instant now, Instant leaseUntil) {
        return jdbi.inTransaction(h -> h.createQuery("""
                UPDATE executive_reports SET next_attempt_at = :lease
                WHERE report_id = (SELECT report_id FROM executive_reports
                                   WHERE delivery_status IN ('pending', 'retrying') AND next_attempt_at <= :now
                                   ORDER BY next_attempt_at, report_id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING report_id, figures::text, html, pdf, delivery_attempts, period_from, period_to
                """).bind("now", now).bind("lease", leaseUntil)
                .map((rs, ctx) -> new Mail(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getInt(5),
                        rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()))
                .findOne());
    }

    public void delivered(long id, Instant at, int attempts) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE executive_reports SET delivery_status = 'sent', delivered_at = :at, "
                + "delivery_attempts = :attempts, next_attempt_at = NULL, last_error = NULL WHERE report_id = :id")
                .bind("id", id).bind("at", at).bind("attempts", attempts).execute());
    }

    /** A failed attempt: retried at {@code next}, or given up ({@code failed}) when {@code next} is null. */
    public void failed(long id, int attempts, String error, Instant next) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE executive_reports SET delivery_status = :status, "
                + "delivery_attempts = :attempts, last_error = :error, next_attempt_at = :next WHERE report_id = :id")
                .bind("id", id).bind("status", next == null ? "failed" : "retrying").bind("attempts", attempts)
                .bind("error", error).bind("next", next).execute());
    }

    /** Reports whose e-mail is still to be sent (pending or retrying). */
    public long undelivered() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM executive_reports "
                + "WHERE delivery_status IN ('pending', 'retrying')").mapTo(Long.class).one());
    }
}
