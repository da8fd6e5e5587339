package dev.revguard.query.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Outcome counts over exact time ranges {@code [from, to)}: the whole UTC days inside a range from
 * {@code deliverability_daily}, the whole hours left at either side from {@code deliverability_hourly},
 * the minutes left at the edges from {@code deliverability_window}. The rollups hold exactly the sums
 * of their minutes, so the answer is the sum of the range's minute rows, read from about 30 + 46 + 118
 * rows per value for 30 days instead of 43,200.
 */
public final class History {
    private final HistoryQueries queries;

    public History(Jdbi jdbi) {
        this.queries = jdbi.onDemand(HistoryQueries.class);
    }

    /** Per value of a dimension; values without rows in the range are absent. */
    public Map<String, Counts> perValue(String dimension, Instant from, Instant to) {
        Range r = Range.of(from, to);
        return queries.perValue(dimension, r.from(), r.hourFrom(), r.dayFrom(), r.dayTo(), r.hourTo(), r.to()).stream()
                .collect(Collectors.toMap(Counts::dimensionValue, Function.identity()));
    }

    /** Of one value (zeros when it has no rows in the range). */
    public Counts of(String dimension, String value, Instant from, Instant to) {
        Range r = Range.of(from, to);
        return queries.ofValue(dimension, value, r.from(), r.hourFrom(), r.dayFrom(), r.dayTo(), r.hourTo(), r.to());
    }

    /**
     * How {@code [from, to)} is read: days {@code [dayFrom, dayTo)}, hours {@code [hourFrom, dayFrom)} and
     * {@code [dayTo, hourTo)}, minutes {@code [from, hourFrom)} and {@code [hourTo, to)}. Without a whole
     * day inside, {@code dayFrom = dayTo = hourFrom}; without a whole hour, {@code hourFrom = hourTo = from}.
     */
    record Range(Instant from, Instant hourFrom, Instant dayFrom, Instant dayTo, Instant hourTo, Instant to) {
        static Range of(Instant from, Instant to) {
            if (!from.isBefore(to)) {
                return new Range(from, from, from, from, from, from);
            }
            Instant hourFrom = ceil(from, ChronoUnit.HOURS);
            Instant hourTo = to.truncatedTo(ChronoUnit.HOURS);
            if (!hourFrom.isBefore(hourTo)) {
                return new Range(from, from, from, from, from, to);
            }
            Instant dayFrom = ceil(from, ChronoUnit.DAYS);
            Instant dayTo = to.truncatedTo(ChronoUnit.DAYS);
            if (!dayFrom.isBefore(dayTo)) {
                dayFrom = hourFrom;
                dayTo = hourFrom;
            }
            return new Range(from, hourFrom, dayFrom, dayTo, hourTo, to);
        }

        private static Instant ceil(Instant t, ChronoUnit unit) {
            Instant down = t.truncatedTo(unit);
            return down.equals(t) ? t : down.plus(1, unit);
        }
    }
}
