package dev.revguard.query.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook tokens already answered 2xx, in {@code intake_seen_tokens} so that every intake instance
 * refuses a replay. A token is recorded only after its request was stored in Kafka, so a retry
 * after a 503 is accepted; the insert's {@code ON CONFLICT DO NOTHING} makes the loser of two
 * concurrent replays see that it was not first.
 */
public final class SeenTokens {
    private static final Logger LOG = LoggerFactory.getLogger(SeenTokens.class);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration keep;
    private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.EPOCH);

    /**
     * @param keep how long a token is remembered: a signed timestamp may be up to the tolerance in
     *     the future, and a replay is refused as stale the tolerance after it, so twice the tolerance
     *     (with some margin) is enough
     */
    public SeenTokens(Jdbi jdbi, Clock clock, Duration keep) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.keep = keep;
    }

    /** True when {@code token} of {@code provider} has been answered 2xx before; 503 when the database is down. */
    public boolean seen(String provider, String token) {
        try {
            return jdbi.withHandle(h -> h.createQuery(
                            "SELECT EXISTS (SELECT 1 FROM intake_seen_tokens WHERE provider = :provider AND token = :token)")
                    .bind("provider", provider).bind("token", token).mapTo(Boolean.class).one());
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** Records the token; false when another request recorded it first. */
    public boolean record(String provider, String token) {
        try {
            int inserted = jdbi.withHandle(h -> h.createUpdate("""
                            INSERT INTO intake_seen_tokens (provider, token, seen_at) VALUES (:provider, :token, :at)
                            ON CONFLICT (provider, token) DO NOTHING""")
                    .bind("provider", provider).bind("token", token).bind("at", clock.instant()).execute());
            pruneNowAndThen();
            return inserted == 1;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private void pruneNowAndThen() {
        Instant now = clock.instant();
        Instant last = lastPrune.get();
        if (Duration.between(last, now).compareTo(PRUNE_EVERY) < 0 || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        try {
            int pruned = jdbi.withHandle(h -> h.createUpdate("DELETE FROM intake_seen_tokens WHERE seen_at < :before")
                    .bind("before", now.minus(keep)).execute());
            if (pruned > 0) {
                LOG.debug("Pruned {} webhook tokens older than {}", pruned, keep);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not prune old webhook tokens: {}", e.getMessage());
        }
    }

    private static Refusal unavailable(RuntimeException e) {
        LOG.warn("Webhook token store unavailable: {}", e.getMessage());
        return Refusal.unavailable(Refusal.DATABASE_UNAVAILABLE, "the token store is unavailable; retry later");
    }
}
