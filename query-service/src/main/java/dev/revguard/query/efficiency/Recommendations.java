package dev.revguard.query.efficiency;

import dev.revguard.query.cost.CostController;
import dev.revguard.query.cost.IpFigures;
import dev.revguard.query.web.Money;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documented rules that turn the numbers into actions, shared by the efficiency panel and the
 * executive summary:
 * <ol>
 *   <li>{@code check_pipeline}: no evaluation written for longer than {@code STALE_AFTER} (5 min) —
 *       the job may be down, and every other figure is old (listed first, not priced);</li>
 *   <li>{@code fix_sender}: an account, sending domain or sending IP at warning or worse — worth its
 *       revenue at risk;</li>
 *   <li>{@code retire_ip}: an underutilized IP — worth its monthly cost;</li>
 *   <li>{@code slow_warmup}: a warm-up {@code ahead} of schedule that draws complaints — worth the
 *       revenue its spam rate puts at risk (spam rate × projected monthly volume × the spam price);</li>
 *   <li>{@code review_decision}: a strategic decision with an expected outcome {@code at_risk} or {@code missed}
 *       (one action per such outcome) — worth the dollars a month the shortfall costs: |actual − target| × monthly
 *       volume × the risk price for a rate KPI, |actual − target| (× monthly volume for cost_per_email_usd) for a
 *       dollar KPI; not priced (null) for sent and efficiency_score.</li>
 * </ol>
 * Priced actions are ordered by value, largest first.
 */
public final class Recommendations {
    private Recommendations() {}

    /**
     * An expected outcome of a decision that is {@code at_risk} or {@code missed}, as the decision tracker
     * evaluated it.
     *
     * @param shortfallUsdPerMonth what the distance to the target costs a month, cents; null when the KPI has no
     *     dollar value
     */
    public record DecisionShortfall(String decisionId, String title, String kpi, double baseline, double target,
            double actual, Double progress, double elapsedFraction, String status, LocalDate due,
            Double shortfallUsdPerMonth) {}

    public static List<Recommendation> of(Instant now, Optional<Instant> lastUpdate, Duration staleAfter,
            List<EfficiencyQueries.SenderRisk> senders, CostController.Underutilized underused, List<IpFigures> ips,
            double spamPriceUsd) {
        return of(now, lastUpdate, staleAfter, senders, underused, ips, spamPriceUsd, List.of());
    }

    public static List<Recommendation> of(Instant now, Optional<Instant> lastUpdate, Duration staleAfter,
            List<EfficiencyQueries.SenderRisk> senders, CostController.Underutilized underused, List<IpFigures> ips,
            double spamPriceUsd, List<DecisionShortfall> decisions) {
        List<Recommendation> priced = new ArrayList<>();
        for (EfficiencyQueries.SenderRisk s : senders) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("severity", s.severity());
            e.put("bounce_rate", s.bounceRate());
            e.put("spam_rate", s.spamRate());
            e.put("sent", s.sent());
            e.put("revenue_risk_usd", Money.cents(s.revenueRiskUsd()));
            e.put("evaluated_at", s.evaluatedAt());
            priced.add(new Recommendation("fix_sender", "Fix " + s.dimension().replace('_', ' ') + " " + s.dimensionValue(),
                    s.dimension().replace('_', ' ') + " " + s.dimensionValue() + " is " + s.severity()
                            + ": pause or clean its sending before mailbox providers throttle it",
                    e, Money.cents(s.revenueRiskUsd()), link(s.dimension(), s.dimensionValue())));
        }
        for (CostController.UnderusedIp ip : underused.ips()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("utilization", ip.utilization());
            e.put("threshold", underused.threshold());
            e.put("avg_daily_sent", ip.avgDailySent());
            e.put("daily_capacity", ip.dailyCapacity());
            e.put("monthly_cost_usd", ip.monthlySavingsUsd());
            priced.add(new Recommendation("retire_ip", "Retire IP " + ip.ip(),
                    "IP " + ip.ip() + " sends " + percent(ip.utilization()) + " of its capacity (below "
                            + percent(underused.threshold()) + "): move its traffic to another IP and retire it",
                    e, ip.monthlySavingsUsd(), link("sending_ip", ip.ip())));
        }
        for (IpFigures ip : ips) {
            if (ip.warmup() == null || !"ahead".equals(ip.warmup().status()) || ip.spamComplaints7d() == 0) {
                continue;
            }
            double monthly = ip.sent7d() * 30.0 / 7;
            double value = ip.spamRate7d() == null ? 0 : ip.spamRate7d() * monthly * spamPriceUsd;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("day", ip.warmup().day());
            e.put("target_today", ip.warmup().targetToday());
            e.put("sent_today", ip.sentToday());
            e.put("spam_complaints_7d", ip.spamComplaints7d());
            e.put("spam_rate_7d", ip.spamRate7d());
            e.put("monthly_volume", monthly);
            e.put("spam_price_usd", spamPriceUsd);
            priced.add(new Recommendation("slow_warmup", "Slow down the warm-up of " + ip.ip(),
                    "IP " + ip.ip() + " sent " + ip.sentToday() + " today against a target of " + ip.warmup().targetToday()
                            + " on warm-up day " + ip.warmup().day() + " and draws complaints: a new IP sending too fast"
                            + " loses its reputation", e, Money.cents(value), link("sending_ip", ip.ip())));
        }
        for (DecisionShortfall d : decisions) {
            priced.add(reviewDecision(d));
        }
        priced.sort(Comparator.comparing((Recommendation r) -> r.expectedValueUsd() == null ? 0 : r.expectedValueUsd()).reversed());

        List<Recommendation> all = new ArrayList<>();
        if (lastUpdate.isEmpty() || Duration.between(lastUpdate.get(), now).compareTo(staleAfter) > 0) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("last_update", lastUpdate.orElse(null));
            e.put("age_seconds", lastUpdate.map(t -> Duration.between(t, now).toSeconds()).orElse(null));
            e.put("stale_after_seconds", staleAfter.toSeconds());
            all.add(new Recommendation("check_pipeline", "Check the revguard job",
                    lastUpdate.isEmpty() ? "no evaluation has been written yet: is the job running?"
                            : "the latest evaluation is " + age(Duration.between(lastUpdate.get(), now))
                                    + " old: the job may be down, and the figures here are old",
                    e, null, null));
        }
        all.addAll(priced);
        return all;
    }

    static Recommendation reviewDecision(DecisionShortfall d) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("decision_id", d.decisionId());
        e.put("kpi", d.kpi());
        e.put("baseline", d.baseline());
        e.put("target", d.target());
        e.put("actual", d.actual());
        e.put("progress", d.progress());
        e.put("elapsed_fraction", d.elapsedFraction());
        e.put("status", d.status());
        e.put("due", d.due());
        String name = d.title() == null || d.title().isBlank() ? d.decisionId() : "\"" + d.title() + "\" (" + d.decisionId() + ")";
        String where = "missed".equals(d.status())
                ? "missed its target: " + d.kpi() + " was " + number(d.actual()) + " at " + d.due() + " against a target of "
                        + number(d.target())
                : "is at risk: " + d.kpi() + " is " + number(d.actual()) + " against a target of " + number(d.target())
                        + " by " + d.due() + ", " + (d.progress() == null ? "no progress" : percent(d.progress()) + " of the way")
                        + " with " + percent(d.elapsedFraction()) + " of the time gone";
        return new Recommendation("review_decision", "Review decision " + name, "Decision " + name + " " + where,
                e, d.shortfallUsdPerMonth(), "#decision-" + d.decisionId());
    }

    private static String number(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static String link(String dimension, String value) {
        return "?dimension=" + URLEncoder.encode(dimension, StandardCharsets.UTF_8) + "&value="
                + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** 7 min, 5 h, 3 d. */
    static String age(Duration d) {
        if (d.toDays() >= 2) return d.toDays() + " d";
        if (d.toHours() >= 2) return d.toHours() + " h";
        return Math.max(0, d.toMinutes()) + " min";
    }

    private static String percent(double r) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", r * 100);
    }
}
