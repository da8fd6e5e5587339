package dev.revguard.query.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** Outcome counts over exact time ranges, read from the rollups where they cover whole hours. */
public final class History {
    private final HistoryQueries queries;

    public History(Jdbi jdbi) {
        this.queries = jdbi.onDemand(HistoryQueries.class);
    }

    public Map<String, Counts> perValue(String dimension, Instant from, Instant to) {
        Instant[] hours = wholeHours(from, to);
        return queries.perValue(dimension, from, hours[0], hours[1], to).stream()
                .collect(Collectors.toMap(Counts::dimensionValue, Function.identity()));
    }

    public Counts of(String dimension, String value, Instant from, Instant to) {
        Instant[] hours = wholeHours(from, to);
        return queries.ofValue(dimension, value, from, hours[0], hours[1], to);
    }

    /** The whole hours inside {@code [from, to)}, as {@code [first, end)}; empty (both {@code from}) when there are none. */
    static Instant[] wholeHours(Instant from, Instant to) {
        Instant first = from.truncatedTo(ChronoUnit.HOURS);
        if (first.isBefore(from)) {
            first = first.plus(1, ChronoUnit.HOURS);
        }
        Instant end = to.truncatedTo(ChronoUnit.HOURS);
        return first.isBefore(end) ? new Instant[] {first, end} : new Instant[] {from, from};
    }
}
