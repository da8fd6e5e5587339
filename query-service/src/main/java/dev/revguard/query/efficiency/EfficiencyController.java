package dev.revguard.query.efficiency;

import dev.revguard.query.ServiceConfig.PanelSettings;
import dev.revguard.query.cost.CostController;
import dev.revguard.query.cost.IpFigures;
import dev.revguard.query.cost.IpInventory;
import dev.revguard.query.history.Counts;
import dev.revguard.query.history.History;
import dev.revguard.query.utilization.VpsInventory;
import dev.revguard.query.web.JsonAnswer;
import dev.revguard.query.web.Params;
import dev.revguard.query.web.TtlCache;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Operational Efficiency's score, {@code 100 × (0.3 D + 0.3 C + 0.2 U + 0.2 R)}, each term with its
 * inputs; the period's performance against the benchmarks; and the recommended actions.
 */
public final class EfficiencyController {
    public static final String FORMULA = "100 × (0.3 × D + 0.3 × C + 0.2 × U + 0.2 × R)";

    private final History history;
    private final EfficiencyQueries queries;
    private final CostController cost;
    private final IpInventory ips;
    private final VpsInventory vps;
    private final PanelSettings settings;
    private final Clock clock;
    private final Function<Instant, List<Recommendations.DecisionShortfall>> decisionReviews;
    private final TtlCache<Duration, JsonAnswer> answers;

    /** Without decision reviews: the score the decision tracker reads for efficiency_score outcomes. */
    public EfficiencyController(Jdbi jdbi, CostController cost, IpInventory ips, VpsInventory vps, PanelSettings settings,
            Clock clock) {
        this(new History(jdbi), jdbi.onDemand(EfficiencyQueries.class), cost, ips, vps, settings, clock, now -> List.of());
    }

    private EfficiencyController(History history, EfficiencyQueries queries, CostController cost, IpInventory ips,
            VpsInventory vps, PanelSettings settings, Clock clock,
            Function<Instant, List<Recommendations.DecisionShortfall>> decisionReviews) {
        this.answers = new TtlCache<>(settings.cacheTtl());
        this.history = history;
        this.queries = queries;
        this.cost = cost;
        this.ips = ips;
        this.vps = vps;
        this.settings = settings;
        this.clock = clock;
        this.decisionReviews = decisionReviews;
    }

    /** The same figures without reviewing the decisions: for callers that read the score alone (each review reads every decision). */
    public EfficiencyController scoreOnly() {
        return withDecisionReviews(now -> List.of());
    }

    /**
     * The same panel with the {@code review_decision} actions of the decisions' outcomes as of {@code now}. The
     * decisions read the score of the instance without them (for efficiency_score outcomes), so neither waits
     * for the other.
     */
    public EfficiencyController withDecisionReviews(Function<Instant, List<Recommendations.DecisionShortfall>> reviews) {
        return new EfficiencyController(history, queries, cost, ips, vps, settings, clock, reviews);
    }

    public void efficiency(Context ctx) {
        Duration period = Params.period(ctx, "period", Duration.ofHours(24));
        // The answer is the same for everyone for the cache time: serialized once, not per request.
        var json = ctx.jsonMapper();
        answers.get(period, p -> JsonAnswer.of(json, evaluate(clock.instant(), p), Efficiency.class)).write(ctx);
    }

    /** The score over {@code [now - period, now)} with every input, benchmarks and recommendations. */
    public Efficiency evaluate(Instant now, Duration period) {
        Instant from = now.minus(period);
        Counts all = history.of("all", "all", from, now);
        List<IpFigures> ipFigures = ips.current();
        VpsInventory.Report vpsReport = vps.current();

        Term d = deliverability(all);
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        CostController.MonthSummary summary = cost.summary(month.atDay(1));
        Double costPerEmail = summary == null ? null : summary.costPerEmailUsd();
        Term c = cost(month, costPerEmail);
        Term u = utilization(ipFigures, vpsReport);
        Term r = response(queries.alertsStarted(from, now), now);
        double score = 100 * (d.weight() * d.value() + c.weight() * c.value() + u.weight() * u.value() + r.weight() * r.value());

        Map<String, Term> terms = new LinkedHashMap<>();
        terms.put("deliverability", d);
        terms.put("cost", c);
        terms.put("utilization", u);
        terms.put("response", r);
        CostController.Underutilized underused = CostController.underutilized(ipFigures, settings.underusedIpUtilization());
        List<Recommendation> actions = Recommendations.of(now, queries.lastUpdate(), settings.staleAfter(),
                queries.sendersAtWarningOrWorse(20), underused, ipFigures, settings.riskSpamPriceUsd(),
                decisionReviews.apply(now));
        return new Efficiency(period.toString(), from, now, score, FORMULA, terms,
                benchmarks(all, costPerEmail), actions);
    }

    static Term deliverability(Counts all) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("delivered", all.delivered());
        in.put("sent", all.sent());
        double value = all.sent() == 0 ? 0 : Math.min(1, (double) all.delivered() / all.sent());
        return new Term(0.3, value, all.sent() == 0 ? "nothing was sent in the period" : "delivered ÷ sent of all traffic", in);
    }

    Term cost(YearMonth month, Double costPerEmail) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("month", month.toString());
        in.put("cost_per_email_usd", costPerEmail);
        in.put("target_cost_per_email_usd", settings.targetCostPerEmailUsd());
        if (costPerEmail == null) {
            return new Term(0.3, 0, "nothing was sent this month: no cost per email", in);
        }
        double value = costPerEmail <= 0 ? 1 : Math.min(1, settings.targetCostPerEmailUsd() / costPerEmail);
        return new Term(0.3, value, "min(1, target ÷ this month's cost per email)", in);
    }

    static Term utilization(List<IpFigures> ips, VpsInventory.Report vps) {
        List<Map<String, Object>> resources = new ArrayList<>();
        for (IpFigures ip : ips) {
            if (ip.active() && ip.utilization() != null) {
                resources.add(resource("smtp_ip", ip.ip(), ip.utilization()));
            }
        }
        for (VpsInventory.Vps v : vps.vps()) {
            if (v.utilization() != null) {
                resources.add(resource("vps", v.instanceId(), v.utilization()));
            }
        }
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("resources", resources);
        in.put("vps_source", vps.source());
        if (resources.isEmpty()) {
            return new Term(0.2, 0, "no active SMTP IP and no VPS with metrics", in);
        }
        double mean = resources.stream().mapToDouble(m -> (double) m.get("score")).average().orElse(0);
        return new Term(0.2, mean, "mean of f(u) over active SMTP IPs and VPSs with metrics", in);
    }

    private static Map<String, Object> resource(String kind, String id, double u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("id", id);
        m.put("utilization", u);
        m.put("score", UtilizationScore.of(u));
        return m;
    }

    Term response(List<EfficiencyQueries.AlertTiming> alerts, Instant now) {
        double target = settings.responseTarget().toMillis() / 60_000.0;
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("alerts", alerts.size());
        in.put("target_minutes", target);
        in.put("zero_at_minutes", 8 * target);
        if (alerts.isEmpty()) {
            in.put("median_minutes_to_acknowledge", null);
            return new Term(0.2, 1, "no alerts started in the period", in);
        }
        double[] minutes = alerts.stream().mapToDouble(a -> minutesToAcknowledge(a, now)).sorted().toArray();
        int n = minutes.length;
        double median = n % 2 == 1 ? minutes[n / 2] : (minutes[n / 2 - 1] + minutes[n / 2]) / 2;
        in.put("median_minutes_to_acknowledge", median);
        double value = median <= target ? 1 : Math.max(0, 1 - (median - target) / (7 * target));
        return new Term(0.2, value, "1 up to the target, falling linearly to 0 at 8 × the target", in);
    }

    /** Acknowledged: until the acknowledgement; firing: its age so far; resolved unacknowledged: its duration. */
    static double minutesToAcknowledge(EfficiencyQueries.AlertTiming a, Instant now) {
        Instant end = a.acknowledgedAt() != null ? a.acknowledgedAt()
                : "firing".equals(a.status()) || a.endedAt() == null ? now : a.endedAt();
        return Math.max(0, Duration.between(a.startedAt(), end).toMillis() / 60_000.0);
    }

    List<Benchmark> benchmarks(Counts all, Double costPerEmail) {
        return List.of(
                Benchmark.atLeast("deliverability_rate", all.deliverabilityRate(), settings.benchmarkDeliverability()),
                Benchmark.below("bounce_rate", all.bounceRate(), settings.benchmarkBounce()),
                Benchmark.below("spam_rate", all.spamRate(), settings.benchmarkSpam()),
                Benchmark.atMost("cost_per_1000_usd", costPerEmail == null ? null : costPerEmail * 1000,
                        settings.benchmarkCostPer1000Usd()));
    }

    /** One term of the score: its weight, its value in [0, 1], how it was computed and from what. */
    public record Term(double weight, double value, String rule, Map<String, Object> inputs) {}

    /** A rate or cost against its benchmark: {@code better}, {@code worse}, or {@code no_data}. */
    public record Benchmark(String metric, Double value, double benchmark, String comparison, String verdict) {
        static Benchmark atLeast(String metric, Double value, double benchmark) {
            return new Benchmark(metric, value, benchmark, ">=", value == null ? "no_data" : value >= benchmark ? "better" : "worse");
        }

        static Benchmark below(String metric, Double value, double benchmark) {
            return new Benchmark(metric, value, benchmark, "<", value == null ? "no_data" : value < benchmark ? "better" : "worse");
        }

        static Benchmark atMost(String metric, Double value, double benchmark) {
            return new Benchmark(metric, value, benchmark, "<=", value == null ? "no_data" : value <= benchmark ? "better" : "worse");
        }
    }

    /** The answer of {@code GET /api/v1/efficiency}. */
    public record Efficiency(String period, Instant from, Instant to, double score, String formula, Map<String, Term> terms,
            List<Benchmark> benchmarks, List<Recommendation> recommendations) {}
}
