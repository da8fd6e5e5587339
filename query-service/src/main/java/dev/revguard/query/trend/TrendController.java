package dev.revguard.query.trend;

import dev.revguard.query.web.ApiException;
import dev.revguard.query.web.Params;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** History of a dimension value from its minute windows, summed per step. */
public final class TrendController {
    private final TrendQueries queries;
    private final Clock clock;
    private final int maxPoints;

    public TrendController(Jdbi jdbi, Clock clock, int maxPoints) {
        this.queries = jdbi.onDemand(TrendQueries.class);
        this.clock = clock;
        this.maxPoints = maxPoints;
    }

    public void trend(Context ctx) {
        String dimension = Params.dimension(ctx, "all");
        String value = Params.value(ctx, dimension);
        Duration step = Params.step(ctx, "step", Duration.ofMinutes(5));
        Instant to = Params.time(ctx, "to", clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        Instant from = Params.time(ctx, "from", to.minus(Duration.ofHours(6)));
        if (!from.isBefore(to)) {
            throw ApiException.badParameter("from", "must be before to");
        }
        long points = (Duration.between(from, to).toSeconds() + step.toSeconds() - 1) / step.toSeconds();
        if (points > maxPoints) {
            throw ApiException.badParameter("step", "from, to and step ask for " + points + " points; at most "
                    + maxPoints + " are served: use a larger step or a shorter range");
        }
        List<TrendPoint> rows = queries.trend(dimension, value, from, to, step.toSeconds(), Instant.EPOCH)
                .stream().map(TrendPoint::of).toList();
        ctx.json(new Trend(dimension, value, from, to, step.toString(), rows));
    }

    /** A trend: the steps that have data, oldest first. */
    public record Trend(String dimension, String value, Instant from, Instant to, String step, List<TrendPoint> points) {}
}
