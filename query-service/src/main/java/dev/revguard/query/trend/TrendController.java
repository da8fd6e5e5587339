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
        Source source = Source.pick(from, to, step);
        List<TrendPoint> rows = queries.trend(source.table(), dimension, value, from, source.cut(), to, step.toSeconds())
                .stream().map(TrendPoint::of).toList();
        if (rows.isEmpty() && !queries.known(dimension, value)) {
            throw ApiException.notFound("value", "nothing counted for " + dimension + " '" + value + "'");
        }
        ctx.json(new Trend(dimension, value, from, to, step.toString(),
                source.cut().equals(from) ? null : source.table(), rows));
    }

    /** The points of {@code [from, to)} in steps of {@code step}, as the endpoint answers them (empty steps left out). */
    public List<TrendPoint> points(String dimension, String value, Instant from, Instant to, Duration step) {
        Source source = Source.pick(from, to, step);
        return queries.trend(source.table(), dimension, value, from, source.cut(), to, step.toSeconds())
                .stream().map(TrendPoint::of).toList();
    }

    /**
     * Where the points are read from: a rollup when the step is a whole number of days (daily) or
     * hours (hourly) and {@code from} starts one, for the whole units up to {@code cut}; the minute
     * windows for the rest.
     */
    record Source(String table, Instant cut) {
        static Source pick(Instant from, Instant to, Duration step) {
            for (Duration unit : List.of(Duration.ofDays(1), Duration.ofHours(1))) {
                long u = unit.toSeconds();
                if (step.toSeconds() % u == 0 && from.getEpochSecond() % u == 0) {
                    long whole = (to.getEpochSecond() - from.getEpochSecond()) / u;
                    Instant cut = from.plusSeconds(whole * u);
                    return new Source(u == 86_400 ? "deliverability_daily" : "deliverability_hourly", cut);
                }
            }
            return new Source("deliverability_hourly", from); // no rollup rows: [from, from) is empty
        }
    }

    /**
     * A trend: the steps that have data, oldest first, each labelled with its start.
     *
     * @param rollup the rollup table the whole hours or days came from (the rest from minute windows)
     */
    public record Trend(String dimension, String value, Instant from, Instant to, String step, String rollup,
            List<TrendPoint> points) {}
}
