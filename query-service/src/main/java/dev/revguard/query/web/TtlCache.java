package dev.revguard.query.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an answer for a short time ({@code PANEL_CACHE_MILLIS}, 5 s by default): the panels' figures
 * come from rollups and OLTP rows that change by the minute, while a room of dashboards asks every
 * few seconds. A value older than the time is still answered while one background load replaces
 * it, so no request waits for a reload; only a first load, or one of a value more than twice the
 * time old, is waited for (concurrent misses of a key load it once). A failed load is not kept.
 */
public final class TtlCache<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(TtlCache.class);
    private static final int MAX_ENTRIES = 1_000;
    private static final ExecutorService REFRESH = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "revguard-panel-refresh");
        t.setDaemon(true);
        return t;
    });

    private record Entry<V>(V value, long loadedAtNanos, AtomicBoolean refreshing) {
        Entry(V value) {
            this(value, System.nanoTime(), new AtomicBoolean());
        }

        long age() {
            return System.nanoTime() - loadedAtNanos;
        }
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    public TtlCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    public V get(K key, Function<K, V> load) {
        if (ttlNanos <= 0) {
            return load.apply(key);
        }
        Entry<V> e = entries.get(key);
        if (e != null && e.age() < ttlNanos) {
            return e.value(); // the common case takes no lock
        }
        if (e != null && e.age() < 2 * ttlNanos) {
            if (e.refreshing().compareAndSet(false, true)) {
                REFRESH.execute(() -> {
                    try {
                        entries.put(key, new Entry<>(load.apply(key)));
                    } catch (RuntimeException ex) {
                        LOG.warn("Reloading {} failed: {}", key, ex.toString());
                        e.refreshing().set(false);
                    }
                });
            }
            return e.value();
        }
        if (entries.size() > MAX_ENTRIES) {
            entries.clear();
        }
        return entries.compute(key, (k, old) -> old != null && old.age() < ttlNanos ? old : new Entry<>(load.apply(k))).value();
    }
}
