package dev.revguard.query.reputation;

import dev.revguard.common.Dimension;
import dev.revguard.query.history.Counts;
import dev.revguard.query.history.History;
import dev.revguard.query.risk.Gauge;
import dev.revguard.query.web.ApiException;
import dev.revguard.query.web.JsonAnswer;
import dev.revguard.query.web.Params;
import dev.revguard.query.web.TtlCache;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/**
 * IP and domain reputation (Revenue Protection Monitor): per sending IP or domain with sends in the
 * last 14 days, a category after Google Postmaster's and a score over the trailing 7 days, with the
 * 7 days before for the trend. The gauge and the executive summary read the same cached answer.
 */
public final class ReputationController implements Gauge.ReputationLookup {
    public static final Duration WEEK = Duration.ofDays(7);
    public static final List<String> DIMENSIONS = List.of(Dimension.SENDING_IP.label(), Dimension.SENDING_DOMAIN.label());

    /** An answer and its values by name, for the gauge. */
    private record Rated(Reputation answer, Map<String, Reputation.Value> byValue) {}

    private final History history;
    private final ReputationSettings thresholds;
    private final Clock clock;
    private final TtlCache<String, Rated> rated;
    private final TtlCache<String, JsonAnswer> answers;

    public ReputationController(Jdbi jdbi, ReputationSettings thresholds, Clock clock, Duration cacheTtl) {
        this.history = new History(jdbi);
        this.thresholds = thresholds;
        this.clock = clock;
        this.rated = new TtlCache<>(cacheTtl);
        this.answers = new TtlCache<>(cacheTtl);
    }

    public void reputation(Context ctx) {
        String dimension = Params.text(ctx, "dimension");
        if (dimension == null || dimension.isBlank()) {
            dimension = Dimension.SENDING_IP.label();
        } else if (!DIMENSIONS.contains(dimension)) {
            throw ApiException.badParameter("dimension", "must be one of " + String.join(", ", DIMENSIONS));
        }
        // The answer is the same for everyone for the cache time: serialized once, not per request.
        var json = ctx.jsonMapper();
        answers.get(dimension, d -> JsonAnswer.of(json, current(d), Reputation.class)).write(ctx);
    }

    /** The answer as of now, reused for the cache time. */
    public Reputation current(String dimension) {
        return rated.get(dimension, d -> rate(d, clock.instant())).answer();
    }

    /** The answer as it stood at {@code at}: the 7 days before it and the 7 before those (an executive report's). */
    public Reputation asOf(String dimension, Instant at) {
        return rate(dimension, at).answer();
    }

    @Override
    public Gauge.Reputation of(String dimension, String value) {
        if (!DIMENSIONS.contains(dimension)) {
            return null;
        }
        Reputation.Value v = rated.get(dimension, d -> rate(d, clock.instant())).byValue().get(value);
        return v == null ? null : new Gauge.Reputation(v.category(), v.score(), v.sent(), v.bounceRate(), v.spamRate(), v.trend());
    }

    private Rated rate(String dimension, Instant now) {
        Instant from = now.minus(WEEK);
        Instant previousFrom = from.minus(WEEK);
        Reputation answer = rate(dimension, now, history.perValue(dimension, from, now),
                history.perValue(dimension, previousFrom, from), thresholds);
        Map<String, Reputation.Value> byValue = new HashMap<>();
        answer.values().forEach(v -> byValue.put(v.value(), v));
        return new Rated(answer, byValue);
    }

    /** Rates every value with sends in either week: worst category first, then lowest score, then by name. */
    static Reputation rate(String dimension, Instant now, Map<String, Counts> week, Map<String, Counts> previousWeek,
            ReputationSettings t) {
        Set<String> names = new TreeSet<>();
        week.forEach((k, c) -> { if (c.sent() > 0) names.add(k); });
        previousWeek.forEach((k, c) -> { if (c.sent() > 0) names.add(k); });
        List<Reputation.Value> values = new ArrayList<>();
        for (String name : names) {
            values.add(value(name, week.getOrDefault(name, Counts.none(name)),
                    previousWeek.getOrDefault(name, Counts.none(name)), t));
        }
        values.sort(Comparator.comparingInt((Reputation.Value v) -> Rating.CATEGORIES.indexOf(v.category()))
                .thenComparing(Reputation.Value::score, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Reputation.Value::value));
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String c : List.of(Rating.HIGH, Rating.MEDIUM, Rating.LOW, Rating.BAD, Rating.INSUFFICIENT_DATA)) {
            counts.put(c, values.stream().filter(v -> v.category().equals(c)).count());
        }
        Instant from = now.minus(WEEK);
        return new Reputation(dimension, now, new Reputation.Window(from, now), new Reputation.Window(from.minus(WEEK), from),
                Rating.formula(t), Reputation.Thresholds.of(t), counts, values);
    }

    static Reputation.Value value(String name, Counts week, Counts previousWeek, ReputationSettings t) {
        Integer score = Rating.score(week, t);
        Integer previousScore = Rating.score(previousWeek, t);
        Reputation.Previous previous = new Reputation.Previous(Rating.category(previousWeek, t), previousScore,
                previousWeek.sent(), previousWeek.bounceRate(), previousWeek.spamRate());
        return new Reputation.Value(name, Rating.category(week, t), score, week.sent(), week.delivered(), week.bounced(),
                week.spamComplaints(), week.bounceRate(), week.spamRate(), previous, Rating.trend(score, previousScore));
    }
}
