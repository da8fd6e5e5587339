package dev.revguard.query.decision;

import dev.revguard.query.web.ApiException;
import dev.revguard.query.web.JsonAnswer;
import dev.revguard.query.web.Params;
import dev.revguard.query.web.TtlCache;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Strategic Decision Tracker: {@code GET /api/v1/decisions?status=&limit=} (newest decided_at first, with the
 * review schedule's counts) and {@code GET /api/v1/decisions/{id}}.
 */
public final class DecisionController {
    public static final List<String> STATUSES = List.of("proposed", "approved", "implemented", "reverted");

    private record ListKey(String status, int limit) {}

    private final DecisionTracker tracker;
    private final Clock clock;
    private final TtlCache<ListKey, JsonAnswer> lists;
    private final TtlCache<String, JsonAnswer> details;

    public DecisionController(DecisionTracker tracker, Clock clock, Duration cacheTtl) {
        this.tracker = tracker;
        this.clock = clock;
        this.lists = new TtlCache<>(cacheTtl);
        this.details = new TtlCache<>(cacheTtl);
    }

    public void list(Context ctx) {
        String status = Params.text(ctx, "status");
        if (status == null || status.isBlank()) {
            status = null;
        } else if (!STATUSES.contains(status)) {
            throw ApiException.badParameter("status", "must be one of " + String.join(", ", STATUSES));
        }
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        var json = ctx.jsonMapper();
        lists.get(new ListKey(status, limit), k -> JsonAnswer.of(json, list(k.status(), k.limit(), clock.instant()),
                Decisions.class)).write(ctx);
    }

    public void one(Context ctx) {
        String id = ctx.pathParam("id");
        if (id.indexOf('\u0000') >= 0 || id.indexOf('\uFFFD') >= 0) {
            throw ApiException.badParameter("id", "must not contain a NUL byte or bytes that are not UTF-8");
        }
        var json = ctx.jsonMapper();
        details.get(id, k -> JsonAnswer.of(json, tracker.one(k, clock.instant())
                .orElseThrow(() -> ApiException.notFound("id", "no decision " + k)), Decision.class)).write(ctx);
    }

    public Decisions list(String status, int limit, Instant now) {
        List<Decision> decisions = tracker.list(status, limit, now);
        int overdue = (int) decisions.stream().filter(d -> "overdue".equals(d.review())).count();
        int dueSoon = (int) decisions.stream().filter(d -> "due_soon".equals(d.review())).count();
        int needsReview = (int) decisions.stream().filter(Decision::needsReview).count();
        return new Decisions(now, new ReviewCounts(overdue, dueSoon, needsReview), decisions.size(), decisions);
    }

    /** How many of the listed decisions are overdue for review, due for it within 7 days, and have an outcome at risk or missed. */
    public record ReviewCounts(int overdue, int dueSoon, int needsReview) {}

    /** The answer of {@code GET /api/v1/decisions}. */
    public record Decisions(Instant asOf, ReviewCounts review, int count, List<Decision> decisions) {}
}
