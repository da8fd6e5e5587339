package dev.revguard.query.risk;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps each gauge's row for a short time (one second by default). The job rewrites a snapshot at
 * most every few hundred milliseconds and dashboards poll every few seconds, so this costs no
 * freshness worth having, while a hundred dashboards polling the same gauge cost one query a
 * second instead of a hundred. The data's age is computed per request, so it stays exact.
 *
 * <p>A gauge that does not exist yet is remembered as missing for at most {@link #MISS_TTL_MILLIS}: a sender
 * the job has just started writing shows within a tenth of a second, not a whole cache time later, while
 * polls of a key that never exists still cost at most ten queries a second.
 */
final class SnapshotCache {
    private static final int MAX_ENTRIES = 50_000;
    static final long MISS_TTL_MILLIS = 100;

    private record Entry(Optional<SnapshotRow> row, long loadedAtMillis) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier millis;
    private final long ttlMillis;
    private final long missTtlMillis;

    SnapshotCache(Clock clock, Duration ttl) {
        this(System::currentTimeMillis, ttl);
    }

    /** With its own time source: {@code millis} tells the cache's time (the wall clock in the service). */
    SnapshotCache(LongSupplier millis, Duration ttl) {
        this.millis = millis;
        this.ttlMillis = ttl.toMillis();
        this.missTtlMillis = Math.min(ttlMillis, MISS_TTL_MILLIS);
    }

    Optional<SnapshotRow> get(String dimension, String value, Supplier<Optional<SnapshotRow>> load) {
        String key = dimension + '\u001f' + value;
        long now = millis.getAsLong();
        Entry e = entries.get(key);
        if (e != null && now - e.loadedAtMillis() < (e.row().isPresent() ? ttlMillis : missTtlMillis)) {
            return e.row();
        }
        if (entries.size() > MAX_ENTRIES) {
            entries.clear(); // random keys must not grow memory without bound
        }
        Optional<SnapshotRow> row = load.get();
        entries.put(key, new Entry(row, now));
        return row;
    }
}
