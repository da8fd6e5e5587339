package dev.revguard.query.decision;

import dev.revguard.common.Dimension;
import dev.revguard.common.RiskPolicy;
import dev.revguard.common.Severity;
import dev.revguard.query.cost.CostQueries;
import dev.revguard.query.efficiency.EfficiencyController;
import dev.revguard.query.history.Counts;
import dev.revguard.query.history.History;
import dev.revguard.query.web.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The actual value of a KPI in a decision's scope over a window, with the inputs it came from, and its
 * per-day values for the projection. Over {@code [from, to)} with the scope's counts (exact-range, from
 * {@link History}):
 * <ul>
 *   <li>bounce_rate = bounced ÷ sent, deliverability_rate = delivered ÷ sent, spam_rate = complaints ÷ delivered;</li>
 *   <li>revenue_risk_usd = (bounce_rate × bounce price + spam_rate × spam price) × sent × 30/7;</li>
 *   <li>sent = sent ÷ 7 (per day);</li>
 *   <li>total_cost_usd = the scope's monthly infrastructure cost; cost_per_email_usd = that × 7/30 ÷ sent. Costs are
 *       attributed by SMTP IP: scope {@code all} = every VPS + the IPs not retired before the window end,
 *       {@code sending_ip} = that IP, {@code sending_domain} / {@code provider} = the IPs of that domain / provider
 *       (never a VPS: they are shared); {@code account} and {@code recipient_domain} have no cost attribution;</li>
 *   <li>efficiency_score = the efficiency score over the window, of all traffic whatever the scope (it has no
 *       per-scope form);</li>
 *   <li>mrr_at_risk_usd = MRR of the active subscriptions whose account's counts over the window are at warning or
 *       worse under the configured risk policy; scope {@code all} = every account, {@code account} = that one.</li>
 * </ul>
 * A {@link Pass} reads each scope's counts, the inventory and the subscriptions once however many outcomes ask.
 */
public final class KpiEvaluation {
    static final double WEEK_TO_MONTH = 30.0 / 7;
    static final String NO_DAILY_HISTORY = "no daily history: this KPI is evaluated over whole 7-day windows only "
            + "(a value per day would repeat the whole evaluation for every day)";

    /** The efficiency score over {@code [end − period, end)}; in production, the efficiency panel without decision reviews. */
    @FunctionalInterface
    public interface EfficiencyScore {
        EfficiencyController.Efficiency evaluate(Instant end, Duration period);
    }

    /** A KPI's value (null: none, {@code inputs.reason} says why) and what it came from. */
    public record Actual(Double value, Map<String, Object> inputs) {
        static Actual none(String reason, Map<String, Object> inputs) {
            inputs.put("reason", reason);
            return new Actual(null, inputs);
        }
    }

    /** Per-day values, or the reason there are none. */
    public record Daily(List<OutcomeMath.DailyValue> values, String reason) {}

    /** A scope's monthly infrastructure cost, or the reason it has none. */
    record ScopeCost(Double monthlyUsd, Map<String, Object> inputs, String reason) {}

    private final History history;
    private final DecisionQueries queries;
    private final CostQueries costs;
    private final EfficiencyScore efficiency;
    private final RiskPolicy policy;
    private final Roi.Prices prices;

    public KpiEvaluation(History history, DecisionQueries queries, CostQueries costs, EfficiencyScore efficiency,
            RiskPolicy policy, Roi.Prices prices) {
        this.history = history;
        this.queries = queries;
        this.costs = costs;
        this.efficiency = efficiency;
        this.policy = policy;
        this.prices = prices;
    }

    public Roi.Prices prices() {
        return prices;
    }

    public Pass pass() {
        return new Pass();
    }

    /** One evaluation of many decisions: what several of them read is read once. */
    public final class Pass {
        private record CountsKey(String dimension, String value, Instant from, Instant to) {}

        private record DaysKey(String dimension, String value, LocalDate from, LocalDate to) {}

        private final Map<CountsKey, Counts> counts = new HashMap<>();
        private final Map<CountsKey, Map<String, Counts>> accounts = new HashMap<>();
        private final Map<DaysKey, List<DecisionQueries.DayRow>> days = new HashMap<>();
        private final Map<Instant, EfficiencyController.Efficiency> scores = new HashMap<>();
        private List<CostQueries.IpRow> ips;
        private Double vps;
        private List<DecisionQueries.Subscription> subscriptions;

        private Pass() {}

        /** The scope's counts over {@code [from, to)}. */
        public Counts counts(Decision.Scope scope, Instant from, Instant to) {
            String value = "all".equals(scope.dimension()) ? "all" : scope.value();
            return counts.computeIfAbsent(new CountsKey(scope.dimension(), value, from, to),
                    k -> history.of(k.dimension(), k.value(), k.from(), k.to()));
        }

        /** The scope's 7-day sent × 30/7 over {@code [end − 7 d, end)}. */
        public double monthlyVolume(Decision.Scope scope, Instant end) {
            if (!Dimension.labels().contains(scope.dimension())) {
                return 0;
            }
            return counts(scope, end.minus(OutcomeMath.WINDOW), end).sent() * WEEK_TO_MONTH;
        }

        public Actual actual(Kpi kpi, Decision.Scope scope, Instant from, Instant to) {
            Map<String, Object> in = new LinkedHashMap<>();
            if (!Dimension.labels().contains(scope.dimension())) {
                return Actual.none("unknown scope dimension " + scope.dimension(), in);
            }
            return switch (kpi) {
                case BOUNCE_RATE, SPAM_RATE, DELIVERABILITY_RATE, REVENUE_RISK_USD, SENT -> traffic(kpi, counts(scope, from, to), in);
                case COST_PER_EMAIL_USD, TOTAL_COST_USD -> cost(kpi, scope, from, to, in);
                case EFFICIENCY_SCORE -> efficiencyScore(from, to, in);
                case MRR_AT_RISK_USD -> mrrAtRisk(scope, from, to, in);
            };
        }

        private Actual traffic(Kpi kpi, Counts c, Map<String, Object> in) {
            in.put("sent", c.sent());
            switch (kpi) {
                case BOUNCE_RATE -> {
                    in.put("bounced", c.bounced());
                    return c.bounceRate() == null ? Actual.none("nothing sent in the window", in) : new Actual(c.bounceRate(), in);
                }
                case SPAM_RATE -> {
                    in.put("delivered", c.delivered());
                    in.put("spam_complaints", c.spamComplaints());
                    return c.spamRate() == null ? Actual.none("nothing delivered in the window", in) : new Actual(c.spamRate(), in);
                }
                case DELIVERABILITY_RATE -> {
                    in.put("delivered", c.delivered());
                    return c.deliverabilityRate() == null ? Actual.none("nothing sent in the window", in)
                            : new Actual(c.deliverabilityRate(), in);
                }
                case REVENUE_RISK_USD -> {
                    in.put("delivered", c.delivered());
                    in.put("bounced", c.bounced());
                    in.put("spam_complaints", c.spamComplaints());
                    in.put("bounce_rate", c.bounceRate());
                    in.put("spam_rate", c.spamRate());
                    in.put("bounce_price_usd", prices.bounceUsd());
                    in.put("spam_price_usd", prices.spamUsd());
                    double mv = c.sent() * WEEK_TO_MONTH;
                    in.put("monthly_volume", mv);
                    if (c.sent() == 0) {
                        return Actual.none("nothing sent in the window", in);
                    }
                    return new Actual(Money.cents(revenueRisk(c.bounceRate(), c.spamRate(), mv)), in);
                }
                default -> {
                    in.put("days", 7);
                    return new Actual(c.sent() / 7.0, in);
                }
            }
        }

        private double revenueRisk(Double bounceRate, Double spamRate, double monthlyVolume) {
            return ((bounceRate == null ? 0 : bounceRate) * prices.bounceUsd()
                    + (spamRate == null ? 0 : spamRate) * prices.spamUsd()) * monthlyVolume;
        }

        private Actual cost(Kpi kpi, Decision.Scope scope, Instant from, Instant to, Map<String, Object> in) {
            ScopeCost sc = scopeCost(scope, LocalDate.ofInstant(to, ZoneOffset.UTC));
            in.putAll(sc.inputs());
            if (sc.reason() != null) {
                return Actual.none(sc.reason(), in);
            }
            if (kpi == Kpi.TOTAL_COST_USD) {
                return new Actual(Money.cents(sc.monthlyUsd()), in);
            }
            long sent = counts(scope, from, to).sent();
            in.put("sent_7d", sent);
            in.put("rule", "monthly cost × 7/30 ÷ 7-day sent");
            return sent == 0 ? Actual.none("nothing sent in the window", in) : new Actual(sc.monthlyUsd() * 7 / 30 / sent, in);
        }

        /** The scope's monthly cost with the IPs not retired before {@code endDate}. */
        ScopeCost scopeCost(Decision.Scope scope, LocalDate endDate) {
            Map<String, Object> in = new LinkedHashMap<>();
            Predicate<CostQueries.IpRow> ofScope;
            switch (scope.dimension()) {
                case "all" -> ofScope = ip -> true;
                case "sending_ip" -> ofScope = ip -> scope.value().equals(ip.ip());
                case "sending_domain" -> ofScope = ip -> scope.value().equals(ip.sendingDomain());
                case "provider" -> ofScope = ip -> scope.value().equals(ip.provider());
                default -> {
                    return new ScopeCost(null, in, "no cost attribution for scope " + scope.dimension()
                            + ": costs are kept per SMTP IP and VPS");
                }
            }
            List<CostQueries.IpRow> matching = ips().stream().filter(ofScope).toList();
            if (matching.isEmpty() && !"all".equals(scope.dimension())) {
                return new ScopeCost(null, in, "no SMTP IP of " + scope.dimension() + " " + scope.value()
                        + " in smtp_ip_addresses");
            }
            double total = 0;
            if ("all".equals(scope.dimension())) {
                in.put("vps_cost_usd", Money.cents(vps()));
                total += vps();
            }
            List<Map<String, Object>> counted = new ArrayList<>();
            List<String> retired = new ArrayList<>();
            double ipCost = 0;
            for (CostQueries.IpRow ip : matching) {
                if (ip.retiredOn() != null && ip.retiredOn().isBefore(endDate)) {
                    retired.add(ip.ip());
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ip", ip.ip());
                m.put("approximate_cost_usd", Money.cents(ip.approximateCost().doubleValue()));
                counted.add(m);
                ipCost += ip.approximateCost().doubleValue();
            }
            total += ipCost;
            in.put("smtp_ip_cost_usd", Money.cents(ipCost));
            in.put("ips", counted);
            in.put("retired_before_window_end", retired);
            in.put("monthly_cost_usd", Money.cents(total));
            return new ScopeCost(total, in, null);
        }

        private Actual efficiencyScore(Instant from, Instant to, Map<String, Object> in) {
            EfficiencyController.Efficiency e = scores.computeIfAbsent(to, t -> efficiency.evaluate(t, Duration.between(from, to)));
            in.put("scope", "all traffic, whatever the decision's scope: the efficiency score has no per-scope form");
            in.put("period_from", from);
            in.put("period_to", to);
            in.put("formula", e.formula());
            Map<String, Object> terms = new LinkedHashMap<>();
            e.terms().forEach((name, term) -> terms.put(name, term.value()));
            in.put("terms", terms);
            return new Actual(e.score(), in);
        }

        private Actual mrrAtRisk(Decision.Scope scope, Instant from, Instant to, Map<String, Object> in) {
            boolean all = "all".equals(scope.dimension());
            if (!all && !"account".equals(scope.dimension())) {
                return Actual.none("MRR is kept per account: scope " + scope.dimension() + " has no MRR", in);
            }
            Map<String, Counts> byAccount = all
                    ? accounts.computeIfAbsent(new CountsKey("account", "*", from, to),
                            k -> history.perValue("account", k.from(), k.to()))
                    : Map.of(scope.value(), counts(scope, from, to));
            in.put("policy", policy.name());
            in.put("at_risk_from", Severity.WARNING.label());
            double mrr = 0;
            double atRisk = 0;
            List<Map<String, Object>> listed = new ArrayList<>();
            for (DecisionQueries.Subscription s : subscriptions()) {
                if (!all && !s.accountId().equals(scope.value())) {
                    continue;
                }
                mrr += s.mrrUsd().doubleValue();
                Counts c = byAccount.getOrDefault(s.accountId(), Counts.none(s.accountId()));
                Severity severity = policy.classify(c.sent(), c.bounceRate(), c.spamRate());
                if (severity.rank() >= Severity.WARNING.rank()) {
                    atRisk += s.mrrUsd().doubleValue();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("account_id", s.accountId());
                    m.put("severity", severity.label());
                    m.put("sent", c.sent());
                    m.put("bounce_rate", c.bounceRate());
                    m.put("spam_rate", c.spamRate());
                    m.put("mrr_usd", Money.cents(s.mrrUsd().doubleValue()));
                    listed.add(m);
                }
            }
            in.put("mrr_usd", Money.cents(mrr));
            in.put("accounts_at_risk", listed);
            return new Actual(Money.cents(atRisk), in);
        }

        /** The KPI per UTC day in {@code [firstDay, endDay)}: days with a daily row (with a rate's denominator) only. */
        public Daily daily(Kpi kpi, Decision.Scope scope, LocalDate firstDay, LocalDate endDay) {
            List<OutcomeMath.DailyValue> out = new ArrayList<>();
            if (!kpi.dailyHistory()) {
                return new Daily(out, NO_DAILY_HISTORY);
            }
            if (!Dimension.labels().contains(scope.dimension())) {
                return new Daily(out, "unknown scope dimension " + scope.dimension());
            }
            if (kpi == Kpi.TOTAL_COST_USD || kpi == Kpi.COST_PER_EMAIL_USD) {
                ScopeCost probe = scopeCost(scope, endDay);
                if (probe.reason() != null) {
                    return new Daily(out, probe.reason());
                }
            }
            if (kpi == Kpi.TOTAL_COST_USD) {
                for (LocalDate d = firstDay; d.isBefore(endDay); d = d.plusDays(1)) {
                    out.add(new OutcomeMath.DailyValue(d, Money.cents(scopeCost(scope, d.plusDays(1)).monthlyUsd())));
                }
                return new Daily(out, null);
            }
            for (DecisionQueries.DayRow r : days(scope, firstDay, endDay)) {
                LocalDate day = LocalDate.ofInstant(r.windowStart(), ZoneOffset.UTC);
                Double v = dayValue(kpi, scope, day, r);
                if (v != null) {
                    out.add(new OutcomeMath.DailyValue(day, v));
                }
            }
            return new Daily(out, null);
        }

        private Double dayValue(Kpi kpi, Decision.Scope scope, LocalDate day, DecisionQueries.DayRow r) {
            Double bounce = r.sent() == 0 ? null : (double) r.bounced() / r.sent();
            Double spam = r.delivered() == 0 ? null : (double) r.spamComplaints() / r.delivered();
            return switch (kpi) {
                case BOUNCE_RATE -> bounce;
                case SPAM_RATE -> spam;
                case DELIVERABILITY_RATE -> r.sent() == 0 ? null : (double) r.delivered() / r.sent();
                case SENT -> (double) r.sent();
                case REVENUE_RISK_USD -> r.sent() == 0 ? null : Money.cents(revenueRisk(bounce, spam, r.sent() * 30.0));
                case COST_PER_EMAIL_USD -> r.sent() == 0 ? null : scopeCost(scope, day.plusDays(1)).monthlyUsd() / 30 / r.sent();
                default -> null;
            };
        }

        private List<DecisionQueries.DayRow> days(Decision.Scope scope, LocalDate from, LocalDate to) {
            if (!from.isBefore(to)) {
                return List.of();
            }
            String value = "all".equals(scope.dimension()) ? "all" : scope.value();
            return days.computeIfAbsent(new DaysKey(scope.dimension(), value, from, to),
                    k -> queries.days(k.dimension(), k.value(), k.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
                            k.to().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }

        private List<CostQueries.IpRow> ips() {
            if (ips == null) {
                ips = costs.ips();
            }
            return ips;
        }

        private double vps() {
            if (vps == null) {
                BigDecimal v = queries.vpsMonthlyCost();
                vps = v == null ? 0 : v.doubleValue();
            }
            return vps;
        }

        private List<DecisionQueries.Subscription> subscriptions() {
            if (subscriptions == null) {
                subscriptions = queries.activeSubscriptions();
            }
            return subscriptions;
        }
    }
}
