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
    private final Gauge.ReputationLookup reputation;

    public RiskController(Jdbi jdbi, Clock clock, Duration cacheTtl) {
        this(jdbi, clock, cacheTtl, Gauge.ReputationLookup.NONE);
    }

    public RiskController(Jdbi jdbi, Clock clock, Duration cacheTtl, Gauge.ReputationLookup reputation) {
        this.queries = jdbi.onDemand(RiskQueries.class);
        this.clock = clock;
        this.cache = new SnapshotCache(clock, cacheTtl);
        this.reputation = reputation;
    }

    public void current(Context ctx) {
        String dimension = Params.dimension(ctx, "all");
        String value = Params.value(ctx, dimension);
        ctx.json(gauge(dimension, value));
    }

    /** The gauge of one value with its reputation (sending IPs and domains). */
    public Gauge gauge(String dimension, String value) {
        Gauge g = cache.get(dimension, value, () -> queries.find(dimension, value))
                .map(r -> Gauge.of(r, clock.instant()))
                .orElseThrow(() -> ApiException.notFound("value", "no evaluation of " + dimension + " '" + value + "'"));
        Gauge.Reputation r = reputation.of(dimension, value);
        return r == null ? g : g.withReputation(r);
    }

    /** The gauge of one value, without reputation; empty when it has no evaluation. */
    public java.util.Optional<Gauge> find(String dimension, String value) {
        return cache.get(dimension, value, () -> queries.find(dimension, value)).map(r -> Gauge.of(r, clock.instant()));
    }

    public void top(Context ctx) {
        String dimension = Params.dimension(ctx, "sending_domain");
        int limit = Params.integer(ctx, "limit", 10, 1, 100);
        Instant now = clock.instant();
        List<Gauge> worst = queries.top(dimension, limit).stream().map(r -> {
            Gauge g = Gauge.of(r, now);
            Gauge.Reputation rep = reputation.of(dimension, g.value());
            return rep == null ? g : g.withReputation(rep);
        }).toList();
        ctx.json(new Top(dimension, limit, worst));
    }

    /** The worst senders of one dimension. */
    public record Top(String dimension, int limit, List<Gauge> items) {}
}
