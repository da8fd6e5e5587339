package dev.revguard.query.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revguard.query.auth.AccessControl;
import dev.revguard.query.web.ApiException;
import dev.revguard.query.web.Params;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/reports}, {@code GET /api/v1/reports/{id}} (its entry and figures), {@code .pdf} and
 * {@code .html}, and {@code POST /api/v1/reports} (operator): {@code {from, to, email}} makes one now.
 */
public final class ReportController {
    private static final Pattern FILE = Pattern.compile("(\\d{1,18})(\\.pdf|\\.html)?");
    /** The stored page has no script; it may show its own inline styles and data: images, nothing else. */
    static final String PAGE_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private final ReportStore store;
    private final ReportMaker maker;
    private final ObjectMapper json;
    private final Clock clock;

    public ReportController(Reports reports, ObjectMapper json, Clock clock) {
        this.store = reports.store();
        this.maker = reports.maker();
        this.json = json;
        this.clock = clock;
    }

    public void list(Context ctx) {
        int limit = Params.integer(ctx, "limit", 20, 1, 200);
        List<Map<String, Object>> reports = store.list(limit).stream().map(ReportController::entry).toList();
        ctx.json(Map.of("reports", reports));
    }

    /** The entry as the API answers it: the stored row with its links. */
    static Map<String, Object> entry(ReportStore.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("report_id", e.reportId());
        m.put("period", Map.of("from", e.periodFrom().toString(), "to", e.periodTo().toString()));
        m.put("origin", e.origin());
        m.put("scheduled_for", e.scheduledFor() == null ? null : e.scheduledFor().toString());
        m.put("requested_by", e.requestedBy());
        m.put("time_zone", e.timeZone());
        m.put("generated_at", e.generatedAt().toString());
        m.put("generation_millis", e.generationMillis());
        m.put("health_score", e.healthScore());
        m.put("pdf_bytes", e.pdfBytes());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("status", e.deliveryStatus());
        d.put("recipients", e.recipients());
        d.put("attempts", e.deliveryAttempts());
        d.put("next_attempt_at", e.nextAttemptAt() == null ? null : e.nextAttemptAt().toString());
        d.put("last_error", e.lastError());
        d.put("delivered_at", e.deliveredAt() == null ? null : e.deliveredAt().toString());
        m.put("delivery", d);
        m.put("links", Map.of("html", "/api/v1/reports/" + e.reportId() + ".html",
                "pdf", "/api/v1/reports/" + e.reportId() + ".pdf", "self", "/api/v1/reports/" + e.reportId()));
        return m;
    }

    public void one(Context ctx) {
        String file = ctx.pathParam("file");
        Matcher m = FILE.matcher(file);
        if (!m.matches()) {
            throw ApiException.badParameter("id", "must be a report id such as 12, 12.pdf or 12.html");
        }
        long id = Long.parseLong(m.group(1));
        String kind = m.group(2);
        ApiException missing = ApiException.notFound("id", "no report " + id);
        if (".pdf".equals(kind)) {
            byte[] pdf = store.pdf(id).orElseThrow(() -> missing);
            ReportStore.Entry e = store.entry(id).orElseThrow(() -> missing);
            ctx.res().setCharacterEncoding(null); // a PDF has no charset
            ctx.res().setContentType("application/pdf");
            ctx.header("Content-Disposition", "inline; filename=\"" + ReportMailer.fileName(e.periodFrom(), e.periodTo()) + "\"")
                    .result(pdf);
        } else if (".html".equals(kind)) {
            String html = store.html(id).orElseThrow(() -> missing);
            ctx.contentType("text/html; charset=utf-8").header("Content-Security-Policy", PAGE_POLICY).result(html);
        } else {
            ReportStore.Entry e = store.entry(id).orElseThrow(() -> missing);
            Map<String, Object> answer = entry(e);
            try {
                answer.put("figures", json.readTree(store.figures(id).orElseThrow(() -> missing)));
            } catch (java.io.IOException ex) {
                throw new IllegalStateException("report " + id + ": stored figures are not JSON", ex);
            }
            ctx.json(answer);
        }
    }

    public void create(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (java.io.IOException e) {
            throw ApiException.badParameter("body", "must be a JSON object such as {\"from\": \"2026-11-23T00:00:00Z\", "
                    + "\"to\": \"2026-11-30T00:00:00Z\", \"email\": false}");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badParameter("body", "must be a JSON object with from and to");
        }
        Instant from = time(body, "from");
        Instant to = time(body, "to");
        JsonNode email = body.get("email");
        if (email != null && !email.isBoolean() && !email.isNull()) {
            throw ApiException.badParameter("email", "must be true or false");
        }
        String[] problem = ReportTimes.problem(from, to, clock.instant());
        if (problem != null) {
            throw ApiException.badParameter(problem[0], problem[1]);
        }
        String by = AccessControl.principal(ctx) == null ? null : AccessControl.principal(ctx).name();
        long id = maker.make(from, to, ReportMaker.Origin.REQUEST, by, email != null && email.asBoolean());
        ctx.status(201).json(entry(store.entry(id).orElseThrow()));
    }

    private Instant time(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw ApiException.badParameter(name, "required: " + ReportTimes.EXPECTED);
        }
        if (v.asText().indexOf('\0') >= 0) {
            throw ApiException.badParameter(name, ReportTimes.EXPECTED);
        }
        try {
            return ReportTimes.parse(v.asText(), maker.settings().zone());
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(name, ReportTimes.EXPECTED);
        }
    }
}
