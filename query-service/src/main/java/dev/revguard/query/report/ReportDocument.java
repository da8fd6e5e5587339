package dev.revguard.query.report;

import java.time.Instant;
import java.util.List;

/**
 * Everything one executive report shows, already worded and formatted as it is printed: the template
 * only lays it out, the same for the HTML page, the e-mail and the PDF. Empty lists mean "nothing in
 * the period" and are shown as such, never left out.
 *
 * @param title e.g. "Executive report"
 * @param periodLabel e.g. "Mon 23 Nov 2026 08:00 – Mon 30 Nov 2026 08:00 (Europe/Berlin)"
 * @param generatedLabel e.g. "Generated Mon 30 Nov 2026 08:00 CET · report 12"
 * @param chart the revenue-risk trend of the period
 * @param decisionsNote e.g. "… and 12 more in the Strategic Decision Tracker" when the list was cut, else null
 * @param actionsNote the same for the recommended actions
 */
public record ReportDocument(
        String title,
        String periodLabel,
        String generatedLabel,
        Health health,
        List<KpiLine> kpis,
        Chart chart,
        List<SenderLine> worstSenders,
        Alerts alerts,
        Cost cost,
        List<DecisionLine> decisions,
        String decisionsNote,
        List<ActionLine> actions,
        String actionsNote) {

    /**
     * @param score e.g. "82"
     * @param change e.g. "−3 since the report of 23 Nov 2026", or "the first report"
     * @param direction improved, worsened, unchanged or no_data (a colour)
     * @param formula the formula with the weights used
     */
    public record Health(String score, String change, String direction, String formula, List<TermLine> terms) {}

    /** One term of the health score: e.g. "Severity (S)", "0.40", "1.00", "the severity of all traffic: …". */
    public record TermLine(String name, String weight, String value, String rule) {}

    /**
     * One KPI of the period against the period before.
     *
     * @param value e.g. "97.12 %", "$1,234.56", "1,204,330"
     * @param change e.g. "+0.31 pt", "−$120.00", or "–" without both values
     * @param direction improved, worsened, unchanged or no_data (a colour)
     */
    public record KpiLine(String label, String value, String previous, String change, String direction) {}

    /**
     * The revenue-risk trend: a PNG drawn by {@link RevenueRiskChart}, with its figures in words for a
     * reader without the picture.
     *
     * @param png the image; the HTML and PDF carry it as a data: URI, the e-mail as an inline part
     * @param width the display width in CSS pixels; the PNG has {@link RevenueRiskChart#SCALE} times as many
     * @param height the display height in CSS pixels, as {@code width}
     * @param caption e.g. "Revenue at risk per hour, all traffic: peak $2,310.00 at Tue 24 Nov 14:00"
     */
    public record Chart(byte[] png, int width, int height, String caption, List<Point> points) {}

    /** One bucket of the trend, in dollars of monthly revenue at risk. */
    public record Point(Instant start, double revenueRiskUsd) {}

    /**
     * One of the worst senders of the period.
     *
     * @param dimension e.g. "sending domain"
     * @param severity healthy, monitor, warning, critical or insufficient_data (a colour)
     * @param reputation e.g. "medium · 71", "insufficient data", or "–" for accounts
     */
    public record SenderLine(String dimension, String value, String severity, String revenueRisk, String sent,
            String bounceRate, String spamRate, String reputation) {}

    /**
     * The alerts that started in the period.
     *
     * @param summary e.g. "5 alerts started: 2 critical, 3 warning; 3 acknowledged, median 12 min"
     */
    public record Alerts(String summary, List<AlertLine> rows) {}

    /**
     * @param severity a colour, as {@link SenderLine#severity()}
     * @param status e.g. "firing", "resolved"
     * @param timeToAcknowledge e.g. "14 min (alice)", "not acknowledged · 3 h 2 min so far"
     */
    public record AlertLine(String started, String sender, String severity, String status, String revenueRisk,
            String timeToAcknowledge) {}

    /**
     * Cost and savings found, for the month the period ends in.
     *
     * @param month e.g. "November 2026"
     * @param savingsFound e.g. "$120.00 a month from 2 underused IPs"
     */
    public record Cost(String month, String totalCost, String costPerEmail, String costPer1000, String savingsFound,
            List<SavingLine> savings) {}

    /** One underused IP: e.g. "198.51.100.7", "4 % of capacity", "$60.00 a month". */
    public record SavingLine(String ip, String utilization, String monthlySavings) {}

    /**
     * A decision due or at risk.
     *
     * @param status at_risk, missed, on_track, achieved, no_data, review_overdue, review_due (a colour)
     * @param detail e.g. "bounce_rate 2.10 % against target 1.50 % (progress 40 %)"
     * @param roi e.g. "ROI 3.2× ($4,000.00 a month)", or "–"
     */
    public record DecisionLine(String title, String status, String due, String detail, String roi) {}

    /** A recommended action: e.g. "Retire 198.51.100.7", its reason, "$60.00 a month", or "–". */
    public record ActionLine(String title, String reason, String value) {}
}
