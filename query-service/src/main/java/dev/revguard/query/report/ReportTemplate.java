package dev.revguard.query.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Lays a {@link ReportDocument} out as one self-contained XHTML page: the Mustache template
 * {@code report/report.mustache} with the style sheet {@code report/report.css} inlined, no scripts, no
 * external files. The same page is the stored report, the e-mail body and, through {@link ReportPdf}, the
 * PDF; only the chart's source differs. Every value is HTML-escaped. Instances are thread-safe.
 */
public final class ReportTemplate {
    private static final String DATA_URI_PREFIX = "data:image/png;base64,";

    private final Mustache template;
    private final String css;

    /** The template and style sheet from the class path. */
    public ReportTemplate() {
        this.template = new DefaultMustacheFactory("report").compile("report.mustache");
        this.css = resource("report/report.css");
        if (css.contains("<") || css.contains("&")) {
            throw new IllegalStateException("report.css must not contain < or &: it is inlined into XHTML");
        }
    }

    /** A {@code data:} URI of a PNG, for the stored page and the PDF. */
    public static String dataUri(byte[] png) {
        return DATA_URI_PREFIX + Base64.getEncoder().encodeToString(png);
    }

    /** The page with the document's own chart as a {@code data:} URI (the stored page and the PDF). */
    public String html(ReportDocument doc) {
        ReportDocument.Chart chart = doc.chart();
        return html(doc, chart == null || chart.png() == null ? null : dataUri(chart.png()));
    }

    /**
     * The page.
     *
     * @param chartSrc the chart image's {@code src}: a {@code data:image/png;base64,…} URI or a {@code cid:…}
     *     reference to an inline part of the e-mail; null leaves the picture out (its caption stays)
     * @return well-formed XHTML, UTF-8 text
     */
    public String html(ReportDocument doc, String chartSrc) {
        if (chartSrc != null && !chartSrc.startsWith(DATA_URI_PREFIX) && !chartSrc.startsWith("cid:")) {
            throw new IllegalArgumentException("the chart's src must be a data:image/png URI or a cid: reference");
        }
        StringWriter out = new StringWriter(32 * 1024);
        template.execute(out, view(doc, chartSrc));
        return out.toString();
    }

    private Map<String, Object> view(ReportDocument doc, String chartSrc) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("css", css);
        v.put("title", or(doc.title(), "Executive report"));
        v.put("periodLabel", doc.periodLabel());
        v.put("generatedLabel", doc.generatedLabel());

        ReportDocument.Health h = doc.health();
        if (h != null) {
            v.put("health", row("score", or(h.score(), "–"), "change", h.change(), "directionClass",
                    "dir-" + token(h.direction()), "formula", h.formula()));
            v.put("terms", rows(h.terms(), t -> row("name", t.name(), "weight", t.weight(), "value", t.value(),
                    "rule", t.rule())));
        } else {
            v.put("terms", List.of());
        }
        v.put("kpis", rows(doc.kpis(), k -> row("label", k.label(), "value", k.value(), "previous", k.previous(),
                "change", k.change(), "directionClass", "dir-" + token(k.direction()))));

        ReportDocument.Chart c = doc.chart();
        v.put("chartSrc", chartSrc);
        v.put("chartCaption", c == null ? null : c.caption());
        v.put("chartWidth", c == null || c.width() <= 0 ? RevenueRiskChart.WIDTH : c.width());

        v.put("senders", rows(doc.worstSenders(), s -> row("dimension", s.dimension(), "value", s.value(),
                "severity", words(s.severity()), "severityClass", "sev-" + token(s.severity()), "revenueRisk",
                s.revenueRisk(), "sent", s.sent(), "bounceRate", s.bounceRate(), "spamRate", s.spamRate(),
                "reputation", s.reputation())));

        ReportDocument.Alerts a = doc.alerts();
        v.put("alertSummary", a == null ? null : a.summary());
        v.put("alerts", rows(a == null ? null : a.rows(), r -> row("started", r.started(), "sender", r.sender(),
                "severity", words(r.severity()), "severityClass", "sev-" + token(r.severity()), "status",
                words(r.status()), "statusClass", "st-" + token(r.status()), "revenueRisk", r.revenueRisk(),
                "timeToAcknowledge", r.timeToAcknowledge())));

        ReportDocument.Cost cost = doc.cost();
        if (cost != null) {
            v.put("cost", row("month", cost.month(), "totalCost", cost.totalCost(), "costPerEmail",
                    cost.costPerEmail(), "costPer1000", cost.costPer1000(), "savingsFound", cost.savingsFound()));
        }
        v.put("savings", rows(cost == null ? null : cost.savings(), s -> row("ip", s.ip(), "utilization",
                s.utilization(), "monthlySavings", s.monthlySavings())));

        v.put("decisions", rows(doc.decisions(), d -> row("title", d.title(), "status", words(d.status()),
                "statusClass", "st-" + token(d.status()), "due", d.due(), "detail", d.detail(), "roi", d.roi())));
        v.put("decisionsNote", doc.decisionsNote());
        v.put("actionsNote", doc.actionsNote());
        v.put("actions", rows(doc.actions(), x -> row("title", x.title(), "reason", x.reason(), "value", x.value())));

        for (String list : List.of("terms", "kpis", "senders", "alerts", "savings", "decisions", "actions")) {
            v.put("has" + Character.toUpperCase(list.charAt(0)) + list.substring(1),
                    !((List<?>) v.get(list)).isEmpty());
        }
        return v;
    }

    private static <T> List<Map<String, Object>> rows(List<T> items, Function<T, Map<String, Object>> f) {
        if (items == null) return List.of();
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (T item : items) {
            if (item != null) out.add(f.apply(item));
        }
        return out;
    }

    /** A row of the view; a missing value is an empty string, so that Mustache never looks it up further out. */
    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            m.put((String) keysAndValues[i], value == null ? "" : value);
        }
        return m;
    }

    /** A colour word as a CSS class suffix: lower case letters, digits and underscores only. */
    static String token(String word) {
        if (word == null || word.isBlank()) return "none";
        return word.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
    }

    /** A colour word as printed: "at_risk" becomes "at risk". */
    private static String words(String word) {
        return word == null ? null : word.replace('_', ' ');
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String resource(String name) {
        try (InputStream in = ReportTemplate.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
