package dev.revguard.query;

import dev.revguard.query.cost.CostController;
import dev.revguard.query.cost.CostQueries;
import dev.revguard.query.cost.IpInventory;
import dev.revguard.query.decision.DecisionController;
import dev.revguard.query.decision.DecisionQueries;
import dev.revguard.query.decision.DecisionTracker;
import dev.revguard.query.decision.KpiEvaluation;
import dev.revguard.query.decision.Roi;
import dev.revguard.query.efficiency.EfficiencyController;
import dev.revguard.query.history.History;
import dev.revguard.query.reputation.ReputationController;
import dev.revguard.query.risk.RiskController;
import dev.revguard.query.summary.SummaryController;
import dev.revguard.query.trend.TrendController;
import dev.revguard.query.utilization.PrometheusClient;
import dev.revguard.query.utilization.UtilizationController;
import dev.revguard.query.utilization.VpsInventory;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** The executive panels over one database, wired to each other: what the API serves and a report is made of. */
public record Panels(
        ReputationController reputation,
        RiskController risk,
        TrendController trend,
        IpInventory ips,
        VpsInventory vps,
        UtilizationController utilization,
        DecisionTracker tracker,
        DecisionController decisions,
        EfficiencyController efficiency,
        CostController cost,
        SummaryController summary) {

    public static Panels create(Jdbi readJdbi, ServiceConfig config, Clock clock) {
        ServiceConfig.PanelSettings panels = config.panels();
        ReputationController reputation = new ReputationController(readJdbi, panels.reputation(), clock, panels.cacheTtl());
        RiskController risk = new RiskController(readJdbi, clock, config.gaugeCacheTtl(), reputation);
        TrendController trend = new TrendController(readJdbi, clock, config.trendMaxPoints());
        IpInventory ips = new IpInventory(readJdbi, panels.warmupSchedule(), clock, panels.cacheTtl());
        VpsInventory vps = new VpsInventory(readJdbi, new PrometheusClient(
                panels.prometheusUrl() == null ? null : panels.prometheusUrl().toString(), panels.prometheusTimeout()),
                clock, panels.cacheTtl());
        CostController costFigures = new CostController(readJdbi, ips, clock, panels.underusedIpUtilization(), panels.cacheTtl());
        UtilizationController utilization = new UtilizationController(vps, ips);
        // The decisions read the efficiency score (efficiency_score outcomes); the efficiency and cost panels read
        // the decisions (review_decision, roi_achievement). So the decisions read the panels without them.
        EfficiencyController score = new EfficiencyController(readJdbi, costFigures, ips, vps, panels, clock);
        DecisionTracker tracker = new DecisionTracker(readJdbi.onDemand(DecisionQueries.class), new KpiEvaluation(
                new History(readJdbi), readJdbi.onDemand(DecisionQueries.class), readJdbi.onDemand(CostQueries.class),
                score::evaluate, panels.riskPolicy(), new Roi.Prices(panels.riskBouncePriceUsd(), panels.riskSpamPriceUsd())));
        DecisionController decisions = new DecisionController(tracker, clock, panels.cacheTtl());
        EfficiencyController efficiency = score.withDecisionReviews(tracker::reviews);
        CostController cost = costFigures.withRoiAchievement(() -> tracker.roiAchievement(clock.instant()));
        SummaryController summary = new SummaryController(readJdbi, risk, reputation, efficiency, cost, panels, clock);
        return new Panels(reputation, risk, trend, ips, vps, utilization, tracker, decisions, efficiency, cost, summary);
    }
}
