package dev.revguard.query.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SnapshotCacheTest {
    private static final SnapshotRow ROW = new SnapshotRow("sending_domain", "mail.new.example", Instant.EPOCH,
            Instant.EPOCH, 100, 95, 5, 0, 0.05, 0.0, 0.95, 3000, 12.5, "monitor", "seed", Instant.EPOCH);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicReference<Optional<SnapshotRow>> table = new AtomicReference<>(Optional.empty());
    private final SnapshotCache cache = new SnapshotCache(now::get, Duration.ofSeconds(1));

    private Optional<SnapshotRow> get() {
        return cache.get("sending_domain", "mail.new.example", () -> {
            loads.incrementAndGet();
            return table.get();
        });
    }

    @Test
    void aGaugeThatHasJustAppearedIsNotHeldBackByAnEarlierMiss() {
        assertThat(get()).isEmpty();
        now.addAndGet(50);
        assertThat(get()).as("a miss is kept for a moment").isEmpty();
        assertThat(loads).hasValue(1);

        table.set(Optional.of(ROW)); // the job writes the sender's first snapshot
        now.addAndGet(SnapshotCache.MISS_TTL_MILLIS);
        assertThat(get()).as("within a tenth of a second, not a whole second").contains(ROW);
        assertThat(loads).hasValue(2);
    }

    @Test
    void aGaugeThatExistsIsReadOncePerCacheTime() {
        table.set(Optional.of(ROW));
        for (int i = 0; i < 100; i++) {
            assertThat(get()).contains(ROW);
            now.addAndGet(9);
        }
        assertThat(loads).as("100 polls in 0.9 s: one query").hasValue(1);
        now.addAndGet(100);
        get();
        assertThat(loads).hasValue(2);
    }

    @Test
    void aKeyThatNeverExistsCostsAtMostTenQueriesASecond() {
        for (int i = 0; i < 1000; i++) {
            assertThat(get()).isEmpty();
            now.addAndGet(1);
        }
        assertThat(loads.get()).isBetween(9, 10);
    }

    @Test
    void aCacheTimeShorterThanTheMissTimeAppliesToMissesToo() {
        SnapshotCache short10 = new SnapshotCache(now::get, Duration.ofMillis(10));
        short10.get("d", "v", () -> { loads.incrementAndGet(); return Optional.empty(); });
        now.addAndGet(10);
        short10.get("d", "v", () -> { loads.incrementAndGet(); return Optional.empty(); });
        assertThat(loads).hasValue(2);
    }
}
