package dev.revguard.query;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.revguard.query.alert.AlertController;
import dev.revguard.query.auth.AccessControl;
import dev.revguard.query.auth.Role;
import dev.revguard.query.cost.CostController;
import dev.revguard.query.cost.CostQueries;
import dev.revguard.query.decision.DecisionController;
import dev.revguard.query.decision.DecisionQueries;
import dev.revguard.query.decision.DecisionTracker;
import dev.revguard.query.decision.KpiEvaluation;
import dev.revguard.query.decision.Roi;
import dev.revguard.query.cost.IpInventory;
import dev.revguard.query.efficiency.EfficiencyController;
import dev.revguard.query.health.HealthController;
import dev.revguard.query.history.History;
import dev.revguard.query.intake.IntakeController;
import dev.revguard.query.meta.MetaController;
import dev.revguard.query.reputation.ReputationController;
import dev.revguard.query.risk.GaugeStream;
import dev.revguard.query.risk.RiskController;
import dev.revguard.query.summary.SummaryController;
import dev.revguard.query.trend.TrendController;
import dev.revguard.query.utilization.PrometheusClient;
import dev.revguard.query.utilization.UtilizationController;
import dev.revguard.query.utilization.VpsInventory;
import dev.revguard.query.web.ApiException;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query service: routes, access control, errors, metrics, the dashboard's files; and the
 * webhook intake. {@code SERVICE_ROLES} chooses which of the two an instance serves.
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    private static final String TIMER = "revguard.request.start";
    private static final String ANSWERED = "revguard.error.answered";

    private App() {}

    public static Javalin create(Jdbi readJdbi, Jdbi writeJdbi, ServiceConfig config, PrometheusMeterRegistry metrics, Clock clock) {
        ServiceConfig.PanelSettings panels = config.panels();
        ReputationController reputation = new ReputationController(readJdbi, panels.reputation(), clock, panels.cacheTtl());
        RiskController risk = new RiskController(readJdbi, clock, config.gaugeCacheTtl(), reputation);
        TrendController trend = new TrendController(readJdbi, clock, config.trendMaxPoints());
        AlertController alerts = new AlertController(readJdbi, writeJdbi);
        HealthController health = new HealthController(readJdbi);
        GaugeStream stream = new GaugeStream(risk);
        AccessControl access = new AccessControl(config.tokens(), config.allowAnonymous());
        MetaController meta = new MetaController();
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
        boolean api = config.roles().contains(ServiceRole.API);
        IntakeController intake = config.roles().contains(ServiceRole.INTAKE)
                ? new IntakeController(config.intake(), writeJdbi, metrics, clock) : null;

        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

        Javalin app = Javalin.create(c -> {
            c.jsonMapper(new JavalinJackson(json, false));
            c.startup.showJavalinBanner = false;
            c.http.defaultContentType = "application/json";
            if (api) {
                c.staticFiles.add(s -> {
                    s.hostedPath = "/";
                    s.directory = "/public";
                    s.location = Location.CLASSPATH;
                });
                // /webjars/echarts/<version>/dist/echarts.esm.min.js: the dashboard's charts, from the jar.
                c.staticFiles.enableWebjars();
            }
            c.routes.before(ctx -> ctx.attribute(TIMER, System.nanoTime()));
            c.routes.beforeMatched(access::check);
            c.routes.apiBuilder(() -> {
                get("/health", health::health);
                get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()), Role.VIEWER);
                if (api) {
                    get("/api/v1/risk", risk::current, Role.VIEWER);
                    get("/api/v1/risk/top", risk::top, Role.VIEWER);
                    sse("/api/v1/risk/stream", stream::subscribe, Role.VIEWER);
                    get("/api/v1/deliverability/trend", trend::trend, Role.VIEWER);
                    get("/api/v1/alerts", alerts::list, Role.VIEWER);
                    post("/api/v1/alerts/{id}/ack", alerts::acknowledge, Role.OPERATOR);
                    get("/api/v1/me", meta::me, Role.VIEWER);
                    get("/api/v1/vocabulary", meta::vocabulary, Role.VIEWER);
                    get("/api/v1/cost", cost::cost, Role.VIEWER);
                    get("/api/v1/utilization", utilization::utilization, Role.VIEWER);
                    get("/api/v1/efficiency", efficiency::efficiency, Role.VIEWER);
                    get("/api/v1/decisions", decisions::list, Role.VIEWER);
                    get("/api/v1/decisions/{id}", decisions::one, Role.VIEWER);
                    get("/api/v1/reputation", reputation::reputation, Role.VIEWER);
                    get("/api/v1/summary", summary::summary, Role.VIEWER);
                }
                if (intake != null) {
                    intake.routes();
                }
            });
            c.routes.after(ctx -> {
                Long start = ctx.attribute(TIMER);
                if (start != null) {
                    var matched = ctx.endpoints().matchedHttpEndpoint();
                    String route = matched == null ? "unmatched" : matched.path;
                    Timer.builder("revguard.http.requests")
                            .tag("method", ctx.method().name())
                            .tag("route", route)
                            .tag("status", Integer.toString(ctx.statusCode()))
                            .publishPercentiles(0.5, 0.99)
                            .register(metrics)
                            .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            });
            c.routes.exception(ApiException.class, (e, ctx) -> {
                if (e.status() == 400) {
                    // One line, no stack trace: a bad parameter is the caller's mistake, worth seeing, not alarming.
                    LOG.info("400 {} {}: {} {}", ctx.method(), ctx.path(), e.body().parameter(), e.getMessage());
                }
                ctx.attribute(ANSWERED, true);
                ctx.status(e.status()).json(e.body());
            });
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(new ApiException.ApiError("internal_error", null,
                        "the request could not be answered; see the service log"));
            });
            c.routes.error(404, ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                    ctx.json(new ApiException.ApiError("not_found", null, "no such route: " + ctx.path()));
                }
            });
            c.events.serverStopping(stream::close);
            if (intake != null) {
                c.events.serverStopped(intake::close);
            }
        });
        return app;
    }
}
