package dev.revguard.query.decision;

import dev.revguard.query.cost.RoiAchievement;
import dev.revguard.query.efficiency.Recommendations;
import dev.revguard.query.web.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The decision log evaluated as of a time: every expected outcome against its actual, the projections, the
 * ROI; and what the other panels take from it (the decisions to review, the cost optimizations' savings).
 */
public final class DecisionTracker {
    public static final String COST_OPTIMIZATION = "cost_optimization";

    private final DecisionQueries queries;
    private final KpiEvaluation kpis;

    public DecisionTracker(DecisionQueries queries, KpiEvaluation kpis) {
        this.queries = queries;
        this.kpis = kpis;
    }

    /** Newest decided_at first; {@code status} null for all. */
    public List<Decision> list(String status, int limit, Instant now) {
        return evaluate(queries.decisions(status, limit), now);
    }

    public Optional<Decision> one(String decisionId, Instant now) {
        return queries.decision(decisionId).map(r -> evaluate(List.of(r), now).get(0));
    }

    /** The outcomes at_risk or missed of the decisions not reverted: the {@code review_decision} actions' input. */
    public List<Recommendations.DecisionShortfall> reviews(Instant now) {
        List<Recommendations.DecisionShortfall> out = new ArrayList<>();
        for (Decision d : evaluate(queries.inForce(), now)) {
            for (Decision.Outcome o : d.outcomes()) {
                if (!"at_risk".equals(o.status()) && !"missed".equals(o.status())) {
                    continue;
                }
                Double shortfall = Roi.shortfall(Kpi.ofLabel(o.kpi()), o.actual(), o.target(), d.roi().monthlyVolume(),
                        kpis.prices());
                out.add(new Recommendations.DecisionShortfall(d.decisionId(), d.title(), o.kpi(), o.baseline(), o.target(),
                        o.actual(), o.progress(), o.elapsedFraction(), o.status(), o.due(), Money.cents(shortfall)));
            }
        }
        return out;
    }

    /** The cost_optimization decisions' savings: of reaching the targets (expected) and of the actuals. */
    public RoiAchievement roiAchievement(Instant now) {
        List<RoiAchievement.DecisionSavings> decisions = new ArrayList<>();
        double expectedTotal = 0;
        double actualTotal = 0;
        for (Decision d : evaluate(queries.ofType(COST_OPTIMIZATION), now)) {
            List<RoiAchievement.OutcomeSavings> outcomes = new ArrayList<>();
            for (Decision.Outcome o : d.outcomes()) {
                Kpi kpi = Kpi.ofLabel(o.kpi());
                double mv = d.roi().monthlyVolume();
                outcomes.add(new RoiAchievement.OutcomeSavings(o.kpi(), o.baseline(), o.target(), o.actual(),
                        Money.cents(Roi.value(kpi, o.baseline(), o.target(), mv, kpis.prices())),
                        Money.cents(Roi.value(kpi, o.baseline(), o.actual(), mv, kpis.prices()))));
            }
            Double expected = Roi.total(outcomes.stream().map(RoiAchievement.OutcomeSavings::expectedSavingsPerMonthUsd).toList());
            Double actual = Roi.total(outcomes.stream().map(RoiAchievement.OutcomeSavings::actualSavingsPerMonthUsd).toList());
            Double achievement = expected == null || expected == 0 || actual == null ? null : actual / expected;
            decisions.add(new RoiAchievement.DecisionSavings(d.decisionId(), d.title(), d.status(), d.costUsd(), expected,
                    actual, achievement, outcomes));
            expectedTotal += expected == null ? 0 : expected;
            actualTotal += actual == null ? 0 : actual;
        }
        return new RoiAchievement(decisions, Money.cents(expectedTotal), Money.cents(actualTotal));
    }

    private List<Decision> evaluate(List<DecisionQueries.DecisionRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<DecisionQueries.OutcomeRow>> outcomes = queries.outcomes(rows.stream()
                        .map(DecisionQueries.DecisionRow::decisionId).toList()).stream()
                .collect(Collectors.groupingBy(DecisionQueries.OutcomeRow::decisionId));
        KpiEvaluation.Pass pass = kpis.pass();
        return rows.stream().map(r -> evaluate(r, outcomes.getOrDefault(r.decisionId(), List.of()), now, pass)).toList();
    }

    Decision evaluate(DecisionQueries.DecisionRow row, List<DecisionQueries.OutcomeRow> rows, Instant now,
            KpiEvaluation.Pass pass) {
        Decision.Scope scope = new Decision.Scope(row.scopeDimension(), row.scopeValue());
        List<Decision.Outcome> outcomes = rows.stream().map(o -> outcome(row, scope, o, now, pass)).toList();

        // One monthly volume values every term: the scope's 7 days ending at min(now, the latest due).
        Instant roiEnd = rows.stream().map(DecisionQueries.OutcomeRow::due).max(Comparator.naturalOrder())
                .map(due -> OutcomeMath.windowEnd(now, due)).orElse(now);
        double mv = pass.monthlyVolume(scope, roiEnd);
        List<Decision.Term> terms = outcomes.stream().map(o -> {
            Kpi kpi = Kpi.ofLabel(o.kpi());
            return new Decision.Term(o.kpi(), o.baseline(), o.actual(), Roi.price(kpi, kpis.prices()),
                    Money.cents(Roi.value(kpi, o.baseline(), o.actual(), mv, kpis.prices())));
        }).toList();
        Double value = Roi.total(terms.stream().map(Decision.Term::valuePerMonthUsd).toList());
        Double cost = row.costUsd() == null ? null : Money.cents(row.costUsd().doubleValue());
        Decision.RoiFigures roi = new Decision.RoiFigures(value, cost, Roi.roi(value, cost), mv, Roi.RULE, terms);

        boolean needsReview = outcomes.stream().anyMatch(o -> "at_risk".equals(o.status()) || "missed".equals(o.status()));
        return new Decision(row.decisionId(), row.decisionType(), row.maker(), row.title(), row.decidedAt(), row.reviewDate(),
                row.status(), cost, scope, OutcomeMath.reviewFlag(row.reviewDate(), now), needsReview, outcomes, roi);
    }

    private Decision.Outcome outcome(DecisionQueries.DecisionRow row, Decision.Scope scope, DecisionQueries.OutcomeRow o,
            Instant now, KpiEvaluation.Pass pass) {
        Kpi kpi = Kpi.ofLabel(o.kpi());
        Instant dueAt = OutcomeMath.dueAt(o.due());
        Instant to = OutcomeMath.windowEnd(now, o.due());
        Instant from = to.minus(OutcomeMath.WINDOW);
        KpiEvaluation.Actual actual = kpi == null
                ? KpiEvaluation.Actual.none("unknown KPI " + o.kpi() + ": one of " + String.join(", ", Kpi.labels()),
                        new java.util.LinkedHashMap<>())
                : pass.actual(kpi, scope, from, to);
        double elapsed = OutcomeMath.elapsedFraction(now, row.decidedAt(), dueAt);
        Double progress = OutcomeMath.progress(actual.value(), o.baseline(), o.target());
        String status = OutcomeMath.status(kpi, actual.value(), o.baseline(), o.target(), now, dueAt, elapsed);

        LocalDate firstDay = LocalDate.ofInstant(row.decidedAt(), ZoneOffset.UTC);
        LocalDate endDay = LocalDate.ofInstant(to, ZoneOffset.UTC);
        OutcomeMath.Projection projection;
        if (kpi == null) {
            projection = OutcomeMath.Projection.none("unknown KPI", List.of());
        } else {
            KpiEvaluation.Daily daily = pass.daily(kpi, scope, firstDay, endDay);
            projection = daily.reason() != null ? OutcomeMath.Projection.none(daily.reason(), daily.values())
                    : OutcomeMath.project(daily.values(), firstDay, o.due());
        }
        return new Decision.Outcome(o.kpi(), o.baseline(), o.target(), o.due(), actual.value(), new Decision.Window(from, to),
                actual.inputs(), progress, elapsed, status, projection);
    }
}
