package dev.revguard.query.report;

import dev.revguard.common.Dimension;
import dev.revguard.common.RiskPolicy;
import dev.revguard.query.Panels;
import dev.revguard.query.ServiceConfig.PanelSettings;
import dev.revguard.query.alert.AlertQueries;
import dev.revguard.query.alert.AlertRow;
import dev.revguard.query.cost.CostController;
import dev.revguard.query.decision.Decision;
import dev.revguard.query.efficiency.Recommendation;
import dev.revguard.query.history.Counts;
import dev.revguard.query.history.History;
import dev.revguard.query.reputation.Reputation;
import dev.revguard.query.summary.HealthScore;
import dev.revguard.query.summary.Kpi;
import dev.revguard.query.summary.SummaryController;
import dev.revguard.query.trend.TrendPoint;
import dev.revguard.query.web.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Gathers what a report of {@code [from, to)} shows, from the same panels the API serves: the health score as
 * the summary states it at generation time (SPEC) with its change since the previous report, the KPIs of the
 * period against the period before, the revenue-risk trend of all traffic, the worst senders of the period with
 * their reputation at its end, the alerts that started in it with their time to acknowledge, the month's cost
 * and the savings found, the decisions due or at risk, and the recommended actions.
 */
public final class ReportFigures {
    static final int WORST_SENDERS = 10;
    static final int MAX_ALERTS = 50;
    static final int MAX_DECISIONS = 15;
    static final int MAX_ACTIONS = 12;
    static final List<String> SENDERS = List.of(Dimension.ACCOUNT.label(), Dimension.SENDING_DOMAIN.label(),
            Dimension.SENDING_IP.label());
    private static final String ALL = Dimension.ALL.label();

    private final Panels panels;
    private final History history;
    private final AlertQueries alerts;
    private final PanelSettings settings;

    public ReportFigures(Panels panels, Jdbi readJdbi, PanelSettings settings) {
        this.panels = panels;
        this.history = new History(readJdbi);
        this.alerts = readJdbi.onDemand(AlertQueries.class);
        this.settings = settings;
    }

    /** The previous report's score, for the change: null for the first report. */
    public record Previous(long reportId, Instant generatedAt, Double healthScore) {}

    /** What a report states, stored with it as JSON ({@code figures}) and answered by {@code GET /api/v1/reports/{id}}. */
    public record Figures(long reportId, String subject, SummaryController.Window period,
            SummaryController.Window previousPeriod, Instant generatedAt, String timeZone, HealthScore.Health health,
            Double healthChange, Long previousReportId, List<Kpi> kpis, Map<String, Object> totals) {}

    public record Gathered(ReportDocument document, Figures figures) {}

    public Gathered gather(long reportId, Instant from, Instant to, Instant now, ZoneId zone, Previous previous) {
        SummaryController.Summary summary = panels.summary().summary(now);
        HealthScore.Health health = summary.health();
        List<Kpi> kpis = panels.summary().periodKpis(from, to);
        Double change = previous == null || previous.healthScore() == null ? null : health.score() - previous.healthScore();

        ReportDocument.Chart chart = chart(from, to, zone);
        List<ReportDocument.SenderLine> senders = worstSenders(from, to);
        List<AlertRow> started = alerts.startedIn(from, to, MAX_ALERTS + 1);
        ReportDocument.Alerts alertBlock = alerts(started, now, zone);
        CostController.Cost cost = panels.cost().cost(YearMonth.from(to.minusMillis(1).atZone(ZoneOffset.UTC)));
        List<Decision> decisions = panels.tracker().list(null, 500, now);
        List<ReportDocument.DecisionLine> decisionLines = decisions(decisions, to, zone);
        List<Recommendation> actions = summary.actions();

        String title = "Executive report";
        String periodLabel = ReportFormat.period(from, to, zone);
        String score = ReportFormat.score(health.score());
        String subject = "revguard executive report " + ReportFormat.date(from, zone) + " – " + ReportFormat.date(to, zone)
                + ": health " + score + (change == null ? "" : " (" + signed(change) + ")");
        ReportDocument doc = new ReportDocument(title, periodLabel,
                "Generated " + ReportFormat.dateTime(now, zone) + " " + zone.getId() + " · report " + reportId,
                health(health, change, previous, zone), kpis.stream().map(ReportFigures::kpiLine).toList(), chart, senders,
                alertBlock, cost(cost), decisionLines.subList(0, Math.min(MAX_DECISIONS, decisionLines.size())),
                more(decisionLines.size(), MAX_DECISIONS, "decisions", "the dashboard's Strategic Decision Tracker"),
                actions.stream().limit(MAX_ACTIONS).map(ReportFigures::actionLine).toList(),
                more(actions.size(), MAX_ACTIONS, "actions", "the dashboard's Executive Summary"));

        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("alerts_started", Math.min(started.size(), MAX_ALERTS));
        totals.put("savings_found_usd", cost.underutilized().totalMonthlySavingsUsd());
        totals.put("decisions_listed", decisionLines.size());
        totals.put("actions", actions.size());
        Duration length = Duration.between(from, to);
        Figures figures = new Figures(reportId, subject, new SummaryController.Window(from, to),
                new SummaryController.Window(from.minus(length), from), now, zone.getId(), health,
                change == null ? null : change, previous == null ? null : previous.reportId(), kpis, totals);
        return new Gathered(doc, figures);
    }

    /** "… and 12 more decisions in …" when a list was cut at {@code shown}, else null. */
    private static String more(int all, int shown, String what, String where) {
        return all <= shown ? null : "… and " + (all - shown) + " more " + what + " in " + where + ".";
    }

    private static String signed(double d) {
        return (d > 0 ? "+" : d < 0 ? "−" : "±") + ReportFormat.score(Math.abs(d));
    }

    private static ReportDocument.Health health(HealthScore.Health h, Double change, Previous previous, ZoneId zone) {
        String changeText;
        String direction;
        if (previous == null) {
            changeText = "the first report";
            direction = "no_data";
        } else if (change == null) {
            changeText = "no score in the report of " + ReportFormat.date(previous.generatedAt(), zone);
            direction = "no_data";
        } else {
            changeText = signed(change) + " since the report of " + ReportFormat.date(previous.generatedAt(), zone);
            direction = Math.abs(change) < 0.05 ? "unchanged" : change > 0 ? "improved" : "worsened";
        }
        Map<String, String> names = Map.of("severity", "Severity (S)", "efficiency", "Efficiency (E)",
                "reputation", "IP reputation (P)", "alerts", "Alerts (A)");
        List<ReportDocument.TermLine> terms = new ArrayList<>();
        h.terms().forEach((k, t) -> terms.add(new ReportDocument.TermLine(names.getOrDefault(k, k),
                String.format(Locale.US, "%.2f", t.weight()),
                t.value() == null ? "left out" : String.format(Locale.US, "%.2f", t.value()), t.rule())));
        return new ReportDocument.Health(ReportFormat.score(h.score()), changeText, direction, h.formula(), terms);
    }

    static ReportDocument.KpiLine kpiLine(Kpi k) {
        return new ReportDocument.KpiLine(k.label(), ReportFormat.kpiValue(k, k.value()), ReportFormat.kpiValue(k, k.previous()),
                ReportFormat.kpiChange(k), k.direction());
    }

    /** Revenue at risk of all traffic per step: hours up to 8 days, days beyond, 5 minutes under 12 hours. */
    private ReportDocument.Chart chart(Instant from, Instant to, ZoneId zone) {
        Duration length = Duration.between(from, to);
        Duration step = length.compareTo(Duration.ofHours(12)) <= 0 ? Duration.ofMinutes(5)
                : length.compareTo(Duration.ofDays(8)) <= 0 ? Duration.ofHours(1) : Duration.ofDays(1);
        double months = step.toMillis() / (double) Duration.ofDays(30).toMillis();
        // Whole steps of the clock (hours, days in UTC) from the first one inside the period, so the rollups
        // answer them; a period shorter than one step keeps its own start.
        long stepSeconds = step.toSeconds();
        long first = Math.floorDiv(from.getEpochSecond() + stepSeconds - 1, stepSeconds) * stepSeconds;
        Instant start = Instant.ofEpochSecond(first).isBefore(to) ? Instant.ofEpochSecond(first) : from;
        int steps = (int) ((Duration.between(start, to).toSeconds() + stepSeconds - 1) / stepSeconds);
        double[] values = new double[steps];
        boolean any = false;
        for (TrendPoint p : panels.trend().points(ALL, ALL, start, to, step)) {
            int i = (int) Math.round(Duration.between(start, p.start()).toMillis() / (double) step.toMillis());
            if (i >= 0 && i < steps) {
                values[i] = risk(p.sent(), p.bounceRate(), p.spamRate(), months);
                any = true;
            }
        }
        // Every step of the period, a step without traffic at $0: the chart spans the whole period.
        List<ReportDocument.Point> points = new ArrayList<>();
        for (int i = 0; any && i < steps; i++) {
            points.add(new ReportDocument.Point(start.plus(step.multipliedBy(i)), values[i]));
        }
        String unit = step.equals(Duration.ofMinutes(5)) ? "5-minute step" : step.equals(Duration.ofHours(1)) ? "hour" : "day";
        String caption;
        if (points.isEmpty()) {
            caption = "Revenue at risk per " + unit + ", all traffic: no traffic in the period.";
        } else {
            ReportDocument.Point peak = points.stream().max(Comparator.comparingDouble(ReportDocument.Point::revenueRiskUsd)).get();
            double mean = points.stream().mapToDouble(ReportDocument.Point::revenueRiskUsd).average().orElse(0);
            caption = "Monthly revenue at risk at each " + unit + "'s rates, all traffic: peak "
                    + ReportFormat.usd(peak.revenueRiskUsd()) + " at " + ReportFormat.shortDateTime(peak.start(), zone)
                    + ", average " + ReportFormat.usd(Money.cents(mean)) + ".";
        }
        return RevenueRiskChart.draw(points, caption, zone);
    }

    /** SPEC's formula with monthly volume = sent × 30 days ÷ the length counted. */
    private double risk(long sent, Double bounceRate, Double spamRate, double months) {
        double b = bounceRate == null ? 0 : bounceRate;
        double s = spamRate == null ? 0 : spamRate;
        return Money.cents((b * settings.riskBouncePriceUsd() + s * settings.riskSpamPriceUsd()) * sent / months);
    }

    private List<ReportDocument.SenderLine> worstSenders(Instant from, Instant to) {
        double months = Duration.between(from, to).toMillis() / (double) Duration.ofDays(30).toMillis();
        RiskPolicy policy = settings.riskPolicy();
        record Row(String dimension, Counts counts, double risk) {}
        List<Row> rows = new ArrayList<>();
        for (String dimension : SENDERS) {
            for (Counts c : history.perValue(dimension, from, to).values()) {
                if (c.sent() > 0) {
                    rows.add(new Row(dimension, c, risk(c.sent(), c.bounceRate(), c.spamRate(), months)));
                }
            }
        }
        rows.sort(Comparator.comparingDouble(Row::risk).reversed().thenComparing(Row::dimension)
                .thenComparing(r -> r.counts().dimensionValue()));
        Map<String, Map<String, Reputation.Value>> reputation = new LinkedHashMap<>();
        List<ReportDocument.SenderLine> lines = new ArrayList<>();
        for (Row r : rows.subList(0, Math.min(WORST_SENDERS, rows.size()))) {
            Counts c = r.counts();
            String rep = ReportFormat.NONE;
            if (!r.dimension().equals(Dimension.ACCOUNT.label())) {
                Map<String, Reputation.Value> byValue = reputation.computeIfAbsent(r.dimension(), d -> {
                    Map<String, Reputation.Value> m = new LinkedHashMap<>();
                    panels.reputation().asOf(d, to).values().forEach(v -> m.put(v.value(), v));
                    return m;
                });
                Reputation.Value v = byValue.get(c.dimensionValue());
                rep = v == null ? ReportFormat.NONE : v.score() == null ? "insufficient data" : v.category() + " · " + v.score();
            }
            lines.add(new ReportDocument.SenderLine(r.dimension().replace('_', ' '), c.dimensionValue(),
                    policy.classify(c.sent(), c.bounceRate(), c.spamRate()).label(), ReportFormat.usd(r.risk()),
                    ReportFormat.count(c.sent()), ReportFormat.percent(c.bounceRate()), ReportFormat.percent(c.spamRate()), rep));
        }
        return lines;
    }

    private static ReportDocument.Alerts alerts(List<AlertRow> started, Instant now, ZoneId zone) {
        List<AlertRow> shown = started.subList(0, Math.min(MAX_ALERTS, started.size()));
        List<ReportDocument.AlertLine> rows = new ArrayList<>();
        List<Duration> acknowledged = new ArrayList<>();
        for (AlertRow a : shown) {
            String tta;
            if (a.acknowledgedAt() != null) {
                Duration d = Duration.between(a.startedAt(), a.acknowledgedAt());
                acknowledged.add(d);
                tta = ReportFormat.duration(d) + (a.acknowledgedBy() == null ? "" : " (" + a.acknowledgedBy() + ")");
            } else if (a.endedAt() != null) {
                tta = "not acknowledged · resolved after " + ReportFormat.duration(Duration.between(a.startedAt(), a.endedAt()));
            } else {
                tta = "not acknowledged · " + ReportFormat.duration(Duration.between(a.startedAt(), now)) + " so far";
            }
            rows.add(new ReportDocument.AlertLine(ReportFormat.shortDateTime(a.startedAt(), zone),
                    a.dimension().replace('_', ' ') + " " + a.dimensionValue(), a.severity(), a.status(),
                    ReportFormat.usd(a.revenueRiskUsd()), tta));
        }
        String summary;
        if (shown.isEmpty()) {
            summary = ""; // the page says there were none
        } else {
            Map<String, Long> bySeverity = new LinkedHashMap<>();
            for (String s : List.of("critical", "warning", "monitor")) {
                long n = shown.stream().filter(a -> s.equals(a.severity())).count();
                if (n > 0) bySeverity.put(s, n);
            }
            List<String> parts = new ArrayList<>();
            bySeverity.forEach((s, n) -> parts.add(n + " " + s));
            summary = (started.size() > MAX_ALERTS ? "More than " + MAX_ALERTS + " alerts started (the first "
                    + MAX_ALERTS + " listed)" : shown.size() + (shown.size() == 1 ? " alert" : " alerts") + " started")
                    + ": " + String.join(", ", parts) + "; " + acknowledged.size() + " acknowledged";
            if (!acknowledged.isEmpty()) {
                List<Duration> sorted = acknowledged.stream().sorted().toList();
                int n = sorted.size();
                Duration median = n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
                summary += ", median time to acknowledge " + ReportFormat.duration(median);
            }
            summary += ".";
        }
        return new ReportDocument.Alerts(summary, rows);
    }

    private static ReportDocument.Cost cost(CostController.Cost cost) {
        YearMonth month = YearMonth.parse(cost.month());
        String monthLabel = month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear();
        CostController.MonthSummary s = cost.summary();
        CostController.Underutilized under = cost.underutilized();
        List<ReportDocument.SavingLine> savings = under.ips().stream()
                .map(ip -> new ReportDocument.SavingLine(ip.ip(), ReportFormat.percent(ip.utilization()) + " of capacity",
                        ReportFormat.usd(ip.monthlySavingsUsd()) + " a month"))
                .toList();
        String found = savings.isEmpty() ? "No underused IPs: no savings found."
                : ReportFormat.usd(under.totalMonthlySavingsUsd()) + " a month from " + savings.size()
                        + (savings.size() == 1 ? " underused IP" : " underused IPs") + " (below "
                        + ReportFormat.percent(under.threshold()) + " of capacity over 7 days)";
        return new ReportDocument.Cost(monthLabel, s == null ? ReportFormat.NONE : ReportFormat.usd(s.totalCostUsd()),
                s == null ? ReportFormat.NONE : ReportFormat.usdPerEmail(s.costPerEmailUsd()),
                s == null || s.costPer1000Usd() == null ? ReportFormat.NONE : ReportFormat.usd(s.costPer1000Usd()), found, savings);
    }

    /** Decisions with an outcome at risk or missed, a review due or overdue, or an outcome due within 7 days of the period's end. */
    private static List<ReportDocument.DecisionLine> decisions(List<Decision> decisions, Instant to, ZoneId zone) {
        LocalDate horizon = to.atZone(ZoneOffset.UTC).toLocalDate().plusDays(7);
        List<ReportDocument.DecisionLine> lines = new ArrayList<>();
        for (Decision d : decisions) {
            Decision.Outcome worst = null;
            for (Decision.Outcome o : d.outcomes()) {
                if (worst == null || rank(o.status()) < rank(worst.status())) worst = o;
            }
            boolean dueSoon = d.outcomes().stream().anyMatch(o -> o.due() != null && !o.due().isAfter(horizon)
                    && !"achieved".equals(o.status()));
            if (!d.needsReview() && d.review() == null && !dueSoon) continue;
            String status = worst != null && ("missed".equals(worst.status()) || "at_risk".equals(worst.status()))
                    ? worst.status() : "overdue".equals(d.review()) ? "review_overdue" : "due_soon".equals(d.review())
                    ? "review_due" : worst == null ? "no_data" : worst.status();
            String due = worst == null || worst.due() == null ? ReportFormat.NONE : worst.due().toString();
            String detail = worst == null ? "no expected outcomes" : worst.kpi() + " " + value(worst.kpi(), worst.actual())
                    + " against target " + value(worst.kpi(), worst.target()) + " (baseline " + value(worst.kpi(), worst.baseline())
                    + (worst.progress() == null ? "" : ", progress " + ReportFormat.percent(worst.progress())) + ")";
            if (d.reviewDate() != null) {
                detail += "; review " + d.reviewDate();
            }
            String roi = d.roi() == null || d.roi().roi() == null ? ReportFormat.NONE
                    : "ROI " + (d.roi().roi() < 0 ? "−" : "") + String.format(Locale.US, "%.1f×", Math.abs(d.roi().roi()))
                            + " (" + ReportFormat.usd(d.roi().valuePerMonthUsd()) + " a month)";
            lines.add(new ReportDocument.DecisionLine(d.title() == null ? d.decisionId() : d.title(), status, due, detail, roi));
        }
        // the worst first: missed, at risk, reviews overdue, reviews due, the rest; then by due date
        List<String> order = List.of("missed", "at_risk", "review_overdue", "review_due");
        lines.sort(Comparator.comparingInt((ReportDocument.DecisionLine l) -> order.contains(l.status()) ? order.indexOf(l.status())
                : order.size()).thenComparing(ReportDocument.DecisionLine::due));
        return lines;
    }

    private static int rank(String status) {
        return switch (status) {
            case "missed" -> 0;
            case "at_risk" -> 1;
            case "no_data", "unknown_kpi" -> 2;
            case "on_track" -> 3;
            default -> 4;
        };
    }

    private static String value(String kpi, Double v) {
        if (v == null) return ReportFormat.NONE;
        return switch (kpi) {
            case "bounce_rate", "spam_rate", "deliverability_rate" -> ReportFormat.percent(v);
            case "cost_per_email_usd" -> ReportFormat.usdPerEmail(v);
            case "revenue_risk_usd", "total_cost_usd", "mrr_at_risk_usd" -> ReportFormat.usd(v);
            case "sent" -> ReportFormat.count(Math.round(v));
            default -> ReportFormat.score(v);
        };
    }

    private static ReportDocument.ActionLine actionLine(Recommendation r) {
        return new ReportDocument.ActionLine(r.title(), r.reason(),
                r.expectedValueUsd() == null ? ReportFormat.NONE : ReportFormat.usd(r.expectedValueUsd()) + " a month");
    }
}
