package dev.revguard.query;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revguard.query.alert.AlertController;
import dev.revguard.query.auth.AccessControl;
import dev.revguard.query.auth.Role;
import dev.revguard.query.health.HealthController;
import dev.revguard.query.intake.IntakeController;
import dev.revguard.query.meta.MetaController;
import dev.revguard.query.report.ReportController;
import dev.revguard.query.report.Reports;
import dev.revguard.query.risk.GaugeStream;
import dev.revguard.query.web.ApiException;
import dev.revguard.query.web.DatabaseFailure;
import dev.revguard.query.web.Json;
import dev.revguard.query.web.SecurityHeaders;
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
        Panels panels = Panels.create(readJdbi, config, clock);
        return create(panels, new Reports(panels, readJdbi, writeJdbi, config, Json.mapper(), metrics, clock), readJdbi, writeJdbi,
                config, metrics, clock);
    }

    /**
     * The service over panels and reports built by the caller (a test keeps them to drive the schedule). An API
     * instance starts the reports' schedule and e-mail delivery when it starts serving, and stops them first.
     */
    public static Javalin create(Panels panels, Reports reports, Jdbi readJdbi, Jdbi writeJdbi, ServiceConfig config,
            PrometheusMeterRegistry metrics, Clock clock) {
        AlertController alerts = new AlertController(readJdbi, writeJdbi);
        HealthController health = new HealthController(readJdbi);
        GaugeStream stream = new GaugeStream(panels.risk());
        AccessControl access = new AccessControl(config.tokens(), config.allowAnonymous());
        MetaController meta = new MetaController();
        boolean api = config.roles().contains(ServiceRole.API);
        IntakeController intake = config.roles().contains(ServiceRole.INTAKE)
                ? new IntakeController(config.intake(), writeJdbi, metrics, clock) : null;

        ObjectMapper json = Json.mapper();
        ReportController reportFiles = new ReportController(reports, json, clock);
        SecurityHeaders security = SecurityHeaders.forDashboard(config.servedOverHttps());

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
            c.routes.before(ctx -> {
                ctx.attribute(TIMER, System.nanoTime());
                security.apply(ctx);
            });
            c.routes.beforeMatched(access::check);
            c.routes.apiBuilder(() -> {
                get("/health", health::health);
                get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()), Role.VIEWER);
                if (api) {
                    get("/api/v1/risk", panels.risk()::current, Role.VIEWER);
                    get("/api/v1/risk/top", panels.risk()::top, Role.VIEWER);
                    sse("/api/v1/risk/stream", stream::subscribe, Role.VIEWER);
                    get("/api/v1/deliverability/trend", panels.trend()::trend, Role.VIEWER);
                    get("/api/v1/alerts", alerts::list, Role.VIEWER);
                    post("/api/v1/alerts/{id}/ack", alerts::acknowledge, Role.OPERATOR);
                    get("/api/v1/me", meta::me, Role.VIEWER);
                    get("/api/v1/vocabulary", meta::vocabulary, Role.VIEWER);
                    get("/api/v1/cost", panels.cost()::cost, Role.VIEWER);
                    get("/api/v1/utilization", panels.utilization()::utilization, Role.VIEWER);
                    get("/api/v1/efficiency", panels.efficiency()::efficiency, Role.VIEWER);
                    get("/api/v1/decisions", panels.decisions()::list, Role.VIEWER);
                    get("/api/v1/decisions/{id}", panels.decisions()::one, Role.VIEWER);
                    get("/api/v1/reputation", panels.reputation()::reputation, Role.VIEWER);
                    get("/api/v1/summary", panels.summary()::summary, Role.VIEWER);
                    get("/api/v1/reports", reportFiles::list, Role.VIEWER);
                    get("/api/v1/reports/{file}", reportFiles::one, Role.VIEWER);
                    post("/api/v1/reports", reportFiles::create, Role.OPERATOR);
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
                            .description("Time to answer an HTTP request, by method, matched route and status")
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
                var unavailable = DatabaseFailure.of(e);
                if (unavailable.isPresent()) {
                    // Expected while the database is away: one line, no stack trace; the caller may retry.
                    LOG.warn("503 {} {}: {} ({})", ctx.method(), ctx.path(), unavailable.get().reason(), unavailable.get().cause());
                    ctx.status(503).header("Retry-After", "5").json(new ApiException.ApiError("database_unavailable", null,
                            unavailable.get().reason() + "; try again shortly"));
                    return;
                }
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
            if (api) {
                c.events.serverStarted(reports::start);
                c.events.serverStopping(reports::close);
            }
            if (intake != null) {
                c.events.serverStopped(intake::close);
            }
        });
        return app;
    }
}
