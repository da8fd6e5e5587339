package dev.revguard.query.risk;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps each gauge's row for a short time (one second by default). The job rewrites a snapshot at
 * most every few hundred milliseconds and dashboards poll every few seconds, so this costs no
 * freshness worth having, while a hundred dashboards polling the same gauge cost one query a
 * second instead of a hundred. The data's age is computed per request, so it stays exact.
 */
final class SnapshotCache {
    private static final int MAX_ENTRIES = 50_000;

    private record Entry(Optional<SnapshotRow> row, long loadedAtMillis) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long ttlMillis;

    SnapshotCache(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    Optional<SnapshotRow> get(String dimension, String value, Supplier<Optional<SnapshotRow>> load) {
        String key = dimension + '\u001f' + value;
        long now = System.currentTimeMillis();
        Entry e = entries.get(key);
        if (e != null && now - e.loadedAtMillis() < ttlMillis) {
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
