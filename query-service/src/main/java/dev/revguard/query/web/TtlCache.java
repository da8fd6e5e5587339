package dev.revguard.query.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps an answer for a short time ({@code PANEL_CACHE_MILLIS}, 5 s by default): the panels' figures
 * come from rollups and OLTP rows that change by the minute, while a room of dashboards asks every
 * few seconds. Concurrent misses of one key load it once; a failed load is not kept.
 */
public final class TtlCache<K, V> {
    private static final int MAX_ENTRIES = 1_000;

    private record Entry<V>(V value, long loadedAtNanos) {}

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    public TtlCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    public V get(K key, Function<K, V> load) {
        if (ttlNanos <= 0) {
            return load.apply(key);
        }
        if (entries.size() > MAX_ENTRIES) {
            entries.clear();
        }
        return entries.compute(key, (k, e) -> e != null && System.nanoTime() - e.loadedAtNanos() < ttlNanos
                ? e : new Entry<>(load.apply(k), System.nanoTime())).value();
    }
}
