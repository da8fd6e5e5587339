package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.common.RiskPolicy;
import dev.revguard.job.standalone.LatestCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the restart and fault tests end: phase B only once a checkpoint holds the watermark past minute 8, then
 * every table exactly as the {@link Scenario} computes it.
 */
final class ExactRows {
    private ExactRows() {}

    /** How many rows of each table were checked. */
    record Counts(int windows, int snapshots, int hours, int days, int deadLetters) {}

    /**
     * Waits for a checkpoint completed from now on. Flink does not checkpoint watermarks: phase B's too-late
     * events must not arrive before a checkpoint holds the watermark that makes them too late.
     */
    static void awaitCheckpointFromNow(Path checkpoints) throws Exception {
        long seenAt = System.currentTimeMillis();
        Await.until("a checkpoint after the watermark passed minute 8", Duration.ofSeconds(30), () -> {
            Optional<Path> chk = LatestCheckpoint.find(checkpoints.toUri().toString());
            return chk.isPresent() && Files.getLastModifiedTime(chk.get().resolve("_metadata")).toMillis() > seenAt;
        });
    }

    /** Waits until every table holds what the scenario computes, then asserts each exactly. */
    static Counts awaitAll(Scenario scenario, TestDatabase db) throws Exception {
        long finalWatermark = scenario.maxCountedTimestamp() - 10_000 - 1;
        List<String> windows = scenario.expectedWindows(finalWatermark);
        List<String> snapshots = scenario.expectedSnapshots(RiskPolicy.SEED);
        List<String> hours = scenario.expectedRollups(Scenario.HOUR, finalWatermark);
        List<String> days = scenario.expectedRollups(Scenario.DAY, finalWatermark);
        try {
            Await.until("all rows", Duration.ofSeconds(90), () ->
                    db.rows(Scenario.WINDOW_QUERY).size() == windows.size()
                            && db.rows(Scenario.WINDOW_QUERY).containsAll(windows)
                            && db.rows(Scenario.SNAPSHOT_QUERY).containsAll(snapshots)
                            && db.rows(Scenario.rollupQuery("deliverability_hourly")).containsAll(hours)
                            && db.rows(Scenario.rollupQuery("deliverability_daily")).containsAll(days)
                            && db.count("SELECT count(*) FROM dead_letter_events") == scenario.deadLetters.size());
        } finally {
            assertThat(db.rows(Scenario.WINDOW_QUERY)).containsExactlyInAnyOrderElementsOf(windows);
            assertThat(db.rows(Scenario.SNAPSHOT_QUERY)).containsExactlyInAnyOrderElementsOf(snapshots);
            assertThat(db.rows(Scenario.rollupQuery("deliverability_hourly"))).containsExactlyInAnyOrderElementsOf(hours);
            assertThat(db.rows(Scenario.rollupQuery("deliverability_daily"))).containsExactlyInAnyOrderElementsOf(days);
            assertThat(db.rows(Scenario.DECISION_QUERY)).containsExactlyInAnyOrderElementsOf(scenario.expectedDecisions());
            assertThat(db.rows(Scenario.DEAD_LETTER_QUERY))
                    .hasSameSizeAs(scenario.deadLetters)
                    .allSatisfy(row -> assertThat(scenario.deadLetters.stream().anyMatch(row::startsWith)).isTrue());
        }
        return new Counts(windows.size(), snapshots.size(), hours.size(), days.size(), scenario.deadLetters.size());
    }
}
