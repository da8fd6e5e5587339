package dev.revguard.query.risk;

import dev.revguard.query.web.ApiException;
import dev.revguard.query.web.Params;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The gauge and the worst senders. */
public final class RiskController {
    private final RiskQueries queries;
    private final Clock clock;
    private final SnapshotCache cache;

    public RiskController(Jdbi jdbi, Clock clock, Duration cacheTtl) {
        this.queries = jdbi.onDemand(RiskQueries.class);
        this.clock = clock;
        this.cache = new SnapshotCache(clock, cacheTtl);
    }

    public void current(Context ctx) {
        String dimension = Params.dimension(ctx, "all");
        String value = Params.value(ctx, dimension);
        ctx.json(gauge(dimension, value));
    }

    Gauge gauge(String dimension, String value) {
        return cache.get(dimension, value, () -> queries.find(dimension, value))
                .map(r -> Gauge.of(r, clock.instant()))
                .orElseThrow(() -> ApiException.notFound("value", "no evaluation of " + dimension + " '" + value + "'"));
    }

    public void top(Context ctx) {
        String dimension = Params.dimension(ctx, "sending_domain");
        int limit = Params.integer(ctx, "limit", 10, 1, 100);
        Instant now = clock.instant();
        List<Gauge> worst = queries.top(dimension, limit).stream().map(r -> Gauge.of(r, now)).toList();
        ctx.json(new Top(dimension, limit, worst));
    }

    /** The worst senders of one dimension. */
    public record Top(String dimension, int limit, List<Gauge> items) {}
}
