package dev.revguard.query.summary;

import dev.revguard.common.Dimension;
import dev.revguard.common.RiskPolicy;
import dev.revguard.common.Severity;
import dev.revguard.query.ServiceConfig.PanelSettings;
import dev.revguard.query.alert.AlertRow;
import dev.revguard.query.cost.CostController;
import dev.revguard.query.efficiency.EfficiencyController;
import dev.revguard.query.efficiency.Recommendation;
import dev.revguard.query.history.Counts;
import dev.revguard.query.history.History;
import dev.revguard.query.reputation.Rating;
import dev.revguard.query.reputation.Reputation;
import dev.revguard.query.reputation.ReputationController;
import dev.revguard.query.risk.Gauge;
import dev.revguard.query.risk.RiskController;
import dev.revguard.query.web.JsonAnswer;
import dev.revguard.query.web.Money;
import dev.revguard.query.web.TtlCache;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The Executive Summary: the business health score with its terms, the KPIs of the last 24 h against
 * the 24 h before, the MRR at risk, the firing alerts in brief and the recommended actions — each
 * figure with the inputs it came from.
 */
public final class SummaryController {
    public static final Duration PERIOD = Duration.ofHours(24);
    static final String ALL = Dimension.ALL.label();

    private final History history;
    private final SummaryQueries queries;
    private final RiskController risk;
    private final ReputationController reputation;
    private final EfficiencyController efficiency;
    private final EfficiencyController efficiencyScore;
    private final CostController cost;
    private final PanelSettings settings;
    private final Clock clock;
    private final TtlCache<String, JsonAnswer> answers;

    public SummaryController(Jdbi jdbi, RiskController risk, ReputationController reputation, EfficiencyController efficiency,
            CostController cost, PanelSettings settings, Clock clock) {
        this.history = new History(jdbi);
        this.queries = jdbi.onDemand(SummaryQueries.class);
        this.risk = risk;
        this.reputation = reputation;
        this.efficiency = efficiency;
        this.efficiencyScore = efficiency.scoreOnly();
        this.cost = cost;
        this.settings = settings;
        this.clock = clock;
        this.answers = new TtlCache<>(settings.cacheTtl());
    }

    public void summary(Context ctx) {
        // The answer is the same for everyone for the cache time: serialized once, not per request.
        var json = ctx.jsonMapper();
        answers.get("summary", k -> JsonAnswer.of(json, summary(clock.instant()), Summary.class)).write(ctx);
    }

    /** The summary as of {@code now}: the period {@code [now − 24 h, now)}, the previous one the 24 h before. */
    public Summary summary(Instant now) {
        Instant from = now.minus(PERIOD);
        Instant previousFrom = from.minus(PERIOD);
        Gauge all = risk.find(ALL, ALL).orElse(null);
        EfficiencyController.Efficiency eff = efficiency.evaluate(now, PERIOD);
        EfficiencyController.Efficiency previousEff = efficiencyScore.evaluate(from, PERIOD);
        Reputation ips = reputation.current(Dimension.SENDING_IP.label());
        List<AlertRow> firing = queries.firingAlerts();
        AlertsSummary alerts = AlertsSummary.of(firing);

        long sentGood = 0;
        long sentAll = 0;
        for (Reputation.Value v : ips.values()) {
            sentAll += v.sent();
            if (Rating.HIGH.equals(v.category()) || Rating.MEDIUM.equals(v.category())) {
                sentGood += v.sent();
            }
        }
        HealthScore.Health health = HealthScore.of(all == null ? null : all.severity(), eff.score(), sentGood, sentAll,
                alerts.firing().get("critical"), alerts.firing().get("warning"));

        Counts period = history.of(ALL, ALL, from, now);
        Counts previous = history.of(ALL, ALL, previousFrom, from);
        List<SummaryQueries.Subscription> subscriptions = queries.activeSubscriptions();
        RiskPolicy policy = all == null || RiskPolicy.named(all.policy()) == null ? RiskPolicy.SEED : RiskPolicy.named(all.policy());
        MrrAtRisk mrr = MrrAtRisk.now(subscriptions);
        MrrAtRisk previousMrr = MrrAtRisk.previous(subscriptions, history.perValue(Dimension.ACCOUNT.label(), previousFrom, from),
                policy);

        List<Kpi> kpis = new ArrayList<>();
        kpis.add(Kpi.of("deliverability_rate", "Deliverability", "ratio", "higher", period.deliverabilityRate(),
                previous.deliverabilityRate(), rateInputs(period, previous, "delivered ÷ sent of all traffic")));
        kpis.add(Kpi.of("bounce_rate", "Bounce rate", "ratio", "lower", period.bounceRate(), previous.bounceRate(),
                rateInputs(period, previous, "bounced ÷ sent of all traffic")));
        kpis.add(Kpi.of("spam_rate", "Spam rate", "ratio", "lower", period.spamRate(), previous.spamRate(),
                rateInputs(period, previous, "spam complaints ÷ delivered of all traffic")));
        kpis.add(revenueRisk(all, previous));
        kpis.add(Kpi.of("sent", "Emails sent", "count", "higher", period.sent(), previous.sent(),
                Map.of("rule", "sent of all traffic in the period")));
        kpis.add(costPerEmail(now, from));
        Map<String, Object> effIn = new LinkedHashMap<>();
        effIn.put("rule", "GET /api/v1/efficiency?period=24h now and 24 h ago");
        effIn.put("period", window(eff.from(), eff.to()));
        effIn.put("previous_period", window(previousEff.from(), previousEff.to()));
        kpis.add(Kpi.of("efficiency_score", "Efficiency score", "score", "higher", eff.score(), previousEff.score(), effIn));
        Map<String, Object> mrrIn = new LinkedHashMap<>();
        mrrIn.put("rule", "MRR of active subscriptions whose account is at warning or worse: now by the account's gauge, "
                + "previously by the account's counts of the previous 24 h under the policy " + policy.name());
        mrrIn.put("accounts", mrr.accounts().size());
        mrrIn.put("previous_accounts", previousMrr.accounts().size());
        mrrIn.put("policy", policy.name());
        kpis.add(Kpi.of("mrr_at_risk_usd", "MRR at risk", "usd", "lower", mrr.mrrAtRiskUsd(), previousMrr.mrrAtRiskUsd(), mrrIn));

        return new Summary(now, new Window(from, now), new Window(previousFrom, from), health, kpis, mrr, alerts,
                eff.recommendations());
    }

    /**
     * The eight KPIs of any period {@code [from, to)} against the period of the same length before it, all
     * from the rollups (an executive report's): revenue at risk by SPEC's formula over the period's counts with
     * monthly volume = sent × 30 days ÷ the period, cost per email as the months' cost prorated to the period ÷
     * its sent, the efficiency score over the period, MRR at risk by each account's counts over the period.
     */
    public List<Kpi> periodKpis(Instant from, Instant to) {
        Duration length = Duration.between(from, to);
        Instant previousFrom = from.minus(length);
        Counts period = history.of(ALL, ALL, from, to);
        Counts previous = history.of(ALL, ALL, previousFrom, from);
        double months = length.toMillis() / (double) Duration.ofDays(30).toMillis();
        String window = "over [from, to) and the period of the same length before it";
        List<Kpi> kpis = new ArrayList<>();
        kpis.add(Kpi.of("deliverability_rate", "Deliverability", "ratio", "higher", period.deliverabilityRate(),
                previous.deliverabilityRate(), rateInputs(period, previous, "delivered ÷ sent of all traffic " + window)));
        kpis.add(Kpi.of("bounce_rate", "Bounce rate", "ratio", "lower", period.bounceRate(), previous.bounceRate(),
                rateInputs(period, previous, "bounced ÷ sent of all traffic " + window)));
        kpis.add(Kpi.of("spam_rate", "Spam rate", "ratio", "lower", period.spamRate(), previous.spamRate(),
                rateInputs(period, previous, "spam complaints ÷ delivered of all traffic " + window)));
        Map<String, Object> riskIn = rateInputs(period, previous, "(bounce_rate × bounce price + spam_rate × spam price) "
                + "× monthly volume, monthly volume = sent × 30 days ÷ the period's length");
        riskIn.put("bounce_price_usd", settings.riskBouncePriceUsd());
        riskIn.put("spam_price_usd", settings.riskSpamPriceUsd());
        riskIn.put("months_in_period", months);
        kpis.add(Kpi.of("revenue_risk_usd", "Revenue at risk", "usd", "lower", periodRisk(period, months),
                periodRisk(previous, months), riskIn));
        kpis.add(Kpi.of("sent", "Emails sent", "count", "higher", period.sent(), previous.sent(),
                Map.of("rule", "sent of all traffic " + window)));
        kpis.add(periodCostPerEmail(from, to, period, previousFrom, previous));
        EfficiencyController.Efficiency eff = efficiencyScore.evaluate(to, length);
        EfficiencyController.Efficiency previousEff = efficiencyScore.evaluate(from, length);
        Map<String, Object> effIn = new LinkedHashMap<>();
        effIn.put("rule", "GET /api/v1/efficiency over the period and over the one before");
        effIn.put("period", window(eff.from(), eff.to()));
        effIn.put("previous_period", window(previousEff.from(), previousEff.to()));
        kpis.add(Kpi.of("efficiency_score", "Efficiency score", "score", "higher", eff.score(), previousEff.score(), effIn));
        Gauge all = risk.find(ALL, ALL).orElse(null);
        RiskPolicy policy = all == null || RiskPolicy.named(all.policy()) == null ? RiskPolicy.SEED : RiskPolicy.named(all.policy());
        List<SummaryQueries.Subscription> subscriptions = queries.activeSubscriptions();
        MrrAtRisk mrr = MrrAtRisk.previous(subscriptions, history.perValue(Dimension.ACCOUNT.label(), from, to), policy);
        MrrAtRisk previousMrr = MrrAtRisk.previous(subscriptions,
                history.perValue(Dimension.ACCOUNT.label(), previousFrom, from), policy);
        Map<String, Object> mrrIn = new LinkedHashMap<>();
        mrrIn.put("rule", "MRR of active subscriptions whose account's counts over the period are at warning or worse "
                + "under the policy " + policy.name());
        mrrIn.put("accounts", mrr.accounts().size());
        mrrIn.put("previous_accounts", previousMrr.accounts().size());
        mrrIn.put("policy", policy.name());
        kpis.add(Kpi.of("mrr_at_risk_usd", "MRR at risk", "usd", "lower", mrr.mrrAtRiskUsd(), previousMrr.mrrAtRiskUsd(), mrrIn));
        return kpis;
    }

    private Double periodRisk(Counts c, double months) {
        if (c.sent() == 0) {
            return null;
        }
        double bounce = c.bounceRate() == null ? 0 : c.bounceRate();
        double spam = c.spamRate() == null ? 0 : c.spamRate();
        return Money.cents((bounce * settings.riskBouncePriceUsd() + spam * settings.riskSpamPriceUsd()) * c.sent() / months);
    }

    /** The cost of {@code [from, to)}: each month's total cost × the share of that month's time the range covers. */
    private double prorated(Instant from, Instant to) {
        double total = 0;
        YearMonth m = YearMonth.from(from.atZone(ZoneOffset.UTC));
        while (m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(to)) {
            Instant start = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant a = from.isAfter(start) ? from : start;
            Instant b = to.isBefore(end) ? to : end;
            CostController.MonthSummary summary = cost.summary(m.atDay(1));
            if (summary != null && a.isBefore(b)) {
                total += summary.totalCostUsd() * Duration.between(a, b).toMillis() / Duration.between(start, end).toMillis();
            }
            m = m.plusMonths(1);
        }
        return total;
    }

    private Kpi periodCostPerEmail(Instant from, Instant to, Counts period, Instant previousFrom, Counts previous) {
        double cost = prorated(from, to);
        double previousCost = prorated(previousFrom, from);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("rule", "the months' total cost prorated to the period (by time) ÷ emails sent in the period");
        in.put("cost_usd", Money.cents(cost));
        in.put("sent", period.sent());
        in.put("previous_cost_usd", Money.cents(previousCost));
        in.put("previous_sent", previous.sent());
        return Kpi.of("cost_per_email_usd", "Cost per email", "usd", "lower",
                period.sent() == 0 ? null : cost / period.sent(), previous.sent() == 0 ? null : previousCost / previous.sent(), in);
    }

    private static Map<String, Object> window(Instant from, Instant to) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from.toString());
        m.put("to", to.toString());
        return m;
    }

    private static Map<String, Object> counts(Counts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", c.sent());
        m.put("delivered", c.delivered());
        m.put("bounced", c.bounced());
        m.put("spam_complaints", c.spamComplaints());
        return m;
    }

    private static Map<String, Object> rateInputs(Counts period, Counts previous, String rule) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", rule);
        m.put("period", counts(period));
        m.put("previous_period", counts(previous));
        return m;
    }

    /** Now the {@code all} gauge's; the previous 24 h by SPEC's formula with monthly volume = sent × 30. */
    Kpi revenueRisk(Gauge all, Counts previous) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("rule", "now: the gauge of all traffic; previously: (bounce_rate × bounce price + spam_rate × spam price) "
                + "× sent × 30 over the previous 24 h (a null rate counts as 0)");
        Map<String, Object> gauge = new LinkedHashMap<>();
        if (all != null) {
            gauge.put("severity", all.severity());
            gauge.put("monthly_volume", all.monthlyVolume());
            gauge.put("window_from", all.windowFrom().toString());
            gauge.put("evaluated_at", all.evaluatedAt().toString());
        }
        in.put("gauge", all == null ? null : gauge);
        Map<String, Object> prev = counts(previous);
        double monthly = previous.sent() * 30.0;
        prev.put("bounce_rate", previous.bounceRate());
        prev.put("spam_rate", previous.spamRate());
        prev.put("monthly_volume", monthly);
        prev.put("bounce_price_usd", settings.riskBouncePriceUsd());
        prev.put("spam_price_usd", settings.riskSpamPriceUsd());
        in.put("previous_period", prev);
        Double before = revenueRisk(previous, settings.riskBouncePriceUsd(), settings.riskSpamPriceUsd());
        return Kpi.of("revenue_risk_usd", "Revenue at risk", "usd", "lower", all == null ? null : all.revenueRiskUsd(),
                before, in);
    }

    /** SPEC's formula over a 24-hour count: {@code (bounce_rate × 0.05 + spam_rate × 0.25) × sent × 30}, in cents. */
    static double revenueRisk(Counts c, double bouncePrice, double spamPrice) {
        double bounce = c.bounceRate() == null ? 0 : c.bounceRate();
        double spam = c.spamRate() == null ? 0 : c.spamRate();
        return Money.cents((bounce * bouncePrice + spam * spamPrice) * c.sent() * 30.0);
    }

    /**
     * Now this month's {@code cost_per_email_usd} (the summary view's); previously the same figure as it
     * stood 24 h ago: the month's total cost × its elapsed fraction then ÷ the month's sent until then.
     */
    Kpi costPerEmail(Instant now, Instant then) {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        CostController.MonthSummary current = cost.summary(month.atDay(1));
        YearMonth previousMonth = YearMonth.from(then.atZone(ZoneOffset.UTC));
        CostController.MonthSummary earlier = cost.summary(previousMonth.atDay(1));
        Instant start = previousMonth.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = previousMonth.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        double elapsed = (double) Duration.between(start, then).toMillis() / Duration.between(start, end).toMillis();
        long sentUntil = history.of(ALL, ALL, start, then).sent();
        Double before = earlier == null || sentUntil == 0 ? null : earlier.totalCostUsd() * elapsed / sentUntil;

        Map<String, Object> in = new LinkedHashMap<>();
        in.put("rule", "total cost × elapsed fraction of the month ÷ emails sent in the month, now and as it stood 24 h ago");
        Map<String, Object> nowIn = new LinkedHashMap<>();
        nowIn.put("month", month.toString());
        nowIn.put("total_cost_usd", current == null ? null : current.totalCostUsd());
        nowIn.put("elapsed_fraction", current == null ? null : current.elapsedFraction());
        nowIn.put("emails_sent", current == null ? null : current.emailsSent());
        in.put("now", nowIn);
        Map<String, Object> thenIn = new LinkedHashMap<>();
        thenIn.put("month", previousMonth.toString());
        thenIn.put("total_cost_usd", earlier == null ? null : earlier.totalCostUsd());
        thenIn.put("elapsed_fraction", elapsed);
        thenIn.put("emails_sent", sentUntil);
        in.put("previous", thenIn);
        return Kpi.of("cost_per_email_usd", "Cost per email", "usd", "lower", current == null ? null : current.costPerEmailUsd(),
                before, in);
    }

    public record Window(Instant from, Instant to) {}

    /** The answer of {@code GET /api/v1/summary}. */
    public record Summary(Instant asOf, Window period, Window previousPeriod, HealthScore.Health health, List<Kpi> kpis,
            MrrAtRisk mrrAtRisk, AlertsSummary alerts, List<Recommendation> actions) {}

    public record AccountAtRisk(String accountId, String severity, double mrrUsd, Double revenueRiskUsd) {}

    /** MRR of active subscriptions whose account is at warning or worse, and of all active subscriptions. */
    public record MrrAtRisk(double mrrAtRiskUsd, double mrrUsd, List<AccountAtRisk> accounts) {
        static boolean atRisk(String severity) {
            return Severity.WARNING.label().equals(severity) || Severity.CRITICAL.label().equals(severity);
        }

        /** By each account's gauge ({@code risk_snapshot}, dimension account). */
        static MrrAtRisk now(List<SummaryQueries.Subscription> subscriptions) {
            List<AccountAtRisk> accounts = new ArrayList<>();
            for (SummaryQueries.Subscription s : subscriptions) {
                if (atRisk(s.severity())) {
                    accounts.add(new AccountAtRisk(s.accountId(), s.severity(), Money.cents(s.mrrUsd().doubleValue()),
                            Money.cents(s.revenueRiskUsd())));
                }
            }
            return of(subscriptions, accounts);
        }

        /** By each account's counts over a past period, classified under {@code policy}. */
        static MrrAtRisk previous(List<SummaryQueries.Subscription> subscriptions, Map<String, Counts> perAccount,
                RiskPolicy policy) {
            List<AccountAtRisk> accounts = new ArrayList<>();
            for (SummaryQueries.Subscription s : subscriptions) {
                Counts c = perAccount.get(s.accountId());
                if (c == null) continue;
                String severity = policy.classify(c.sent(), c.bounceRate(), c.spamRate()).label();
                if (atRisk(severity)) {
                    accounts.add(new AccountAtRisk(s.accountId(), severity, Money.cents(s.mrrUsd().doubleValue()), null));
                }
            }
            return of(subscriptions, accounts);
        }

        private static MrrAtRisk of(List<SummaryQueries.Subscription> subscriptions, List<AccountAtRisk> accounts) {
            double total = subscriptions.stream().mapToDouble(s -> s.mrrUsd().doubleValue()).sum();
            double atRisk = accounts.stream().mapToDouble(AccountAtRisk::mrrUsd).sum();
            return new MrrAtRisk(Money.cents(atRisk), Money.cents(total), accounts);
        }
    }

    /** The firing alerts in brief: by severity, how many nobody acknowledged, the oldest, the five largest in dollars. */
    public record AlertsSummary(Map<String, Long> firing, long unacknowledged, AlertRow oldest, List<AlertRow> largest) {
        static AlertsSummary of(List<AlertRow> firing) {
            Map<String, Long> bySeverity = new LinkedHashMap<>();
            for (String s : List.of("critical", "warning", "monitor")) {
                bySeverity.put(s, firing.stream().filter(a -> s.equals(a.severity())).count());
            }
            long unacknowledged = firing.stream().filter(a -> a.acknowledgedAt() == null).count();
            AlertRow oldest = firing.stream()
                    .min(Comparator.comparing(AlertRow::startedAt).thenComparing(AlertRow::alertId)).orElse(null);
            List<AlertRow> largest = firing.stream()
                    .sorted(Comparator.comparingDouble(AlertRow::revenueRiskUsd).reversed()
                            .thenComparing(AlertRow::startedAt).thenComparing(AlertRow::alertId))
                    .limit(5).toList();
            return new AlertsSummary(bySeverity, unacknowledged, oldest, largest);
        }
    }
}
