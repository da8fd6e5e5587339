package dev.revguard.job.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.Outcome;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PreAggregateCountsHarnessTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_040_000L - (1_700_000_040_000L % MINUTE);

    private static Counted event(String account, long ts, Outcome o) {
        return Counted.of(new DeliveryEvent("id", ts, o, account, "d.example", "192.0.2.1", "ses", "gmail.com", "posthog", null));
    }

    @Test
    void sumsPerDimensionAndMinuteAndEmitsOnTimerWatermarkAndBarrier() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new PreAggregateCounts(MINUTE, 100, 6 * MINUTE))) {
            h.setProcessingTime(0);
            h.open();
            h.processElement(new StreamRecord<>(event("a", T0 + 5, Outcome.SENT), T0 + 5));
            h.processElement(new StreamRecord<>(event("a", T0 + 7, Outcome.BOUNCED), T0 + 7));
            h.processElement(new StreamRecord<>(event("b", T0 + MINUTE + 1, Outcome.SENT), T0 + MINUTE + 1));
            assertThat(h.getOutput()).as("nothing before the emit interval").isEmpty();

            h.setProcessingTime(100);
            List<StreamRecord<DimensionCounts>> out = records(h);
            // Six dimensions for "a" in minute 0 and six for "b" in minute 1.
            assertThat(out).hasSize(12);
            assertThat(out).allSatisfy(r -> assertThat(r.getTimestamp()).isEqualTo(r.getValue().windowStart()));
            assertThat(values(out)).contains(
                    new DimensionCounts("account", "a", T0, new OutcomeCounts(1, 0, 1, 0, 0, 0, 0), T0 + 7),
                    new DimensionCounts("all", "all", T0, new OutcomeCounts(1, 0, 1, 0, 0, 0, 0), T0 + 7),
                    new DimensionCounts("all", "all", T0 + MINUTE, new OutcomeCounts(1, 0, 0, 0, 0, 0, 0), T0 + MINUTE + 1),
                    new DimensionCounts("sending_ip", "192.0.2.1", T0 + MINUTE, new OutcomeCounts(1, 0, 0, 0, 0, 0, 0), T0 + MINUTE + 1));
            h.getOutput().clear();

            // A watermark that closes none of the buffered windows does not force them out...
            h.processElement(new StreamRecord<>(event("a", T0 + 9, Outcome.DELIVERED), T0 + 9));
            h.processWatermark(new Watermark(T0 + 1000));
            assertThat(h.getOutput()).containsExactly(new Watermark(T0 + 1000));
            h.getOutput().clear();
            // ... one that closes a window does, before it is forwarded.
            h.processWatermark(new Watermark(T0 + MINUTE - 1));
            Object[] emitted = h.getOutput().toArray();
            assertThat(emitted).hasSize(7);
            assertThat(emitted[6]).isEqualTo(new Watermark(T0 + MINUTE - 1));
            h.getOutput().clear();

            // ... and before a checkpoint barrier, so no sum is ever held in a checkpoint.
            h.processElement(new StreamRecord<>(event("c", T0 + 11, Outcome.SENT), T0 + 11));
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.getOutput()).hasSize(6);
        }
    }

    @Test
    void windowsFarBehindTheWallClockWaitForTheWatermarkOrACheckpoint() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new PreAggregateCounts(MINUTE, 100, 6 * MINUTE))) {
            long now = T0 + 60 * MINUTE; // replaying an hour-old minute
            h.setProcessingTime(now);
            h.open();
            h.processElement(new StreamRecord<>(event("a", T0 + 5, Outcome.SENT), T0 + 5));
            h.processElement(new StreamRecord<>(event("a", now, Outcome.SENT), now));
            h.setProcessingTime(now + 100);
            assertThat(values(records(h))).as("only the live minute is emitted on the interval")
                    .hasSize(6).allSatisfy(c -> assertThat(c.windowStart()).isEqualTo(now - now % MINUTE));
            h.getOutput().clear();
            h.prepareSnapshotPreBarrier(1);
            assertThat(values(records(h))).hasSize(6).allSatisfy(c -> assertThat(c.windowStart()).isEqualTo(T0));
        }
    }

    @Test
    void aCorrectionMovesASendFromOneSendingIpToAnotherAndTouchesNoOtherDimension() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new PreAggregateCounts(MINUTE, 100, 6 * MINUTE))) {
            h.setProcessingTime(0);
            h.open();
            DeliveryEvent unknownIp = new DeliveryEvent("s", T0 + 5, Outcome.SENT, "a", "d.example", null, "ses",
                    "gmail.com", "ses", "m-1");
            h.processElement(new StreamRecord<>(Counted.of(unknownIp), T0 + 5));
            h.processElement(new StreamRecord<>(new Counted(unknownIp, Counted.SENDING_IP_ONLY, -1), T0 + 5));
            h.processElement(new StreamRecord<>(
                    new Counted(unknownIp.withSendingIp("203.0.113.30"), Counted.SENDING_IP_ONLY, 1), T0 + 5));
            h.setProcessingTime(100);
            List<DimensionCounts> out = values(records(h));
            assertThat(out).filteredOn(c -> c.dimension().equals("sending_ip")).extracting(DimensionCounts::value,
                    c -> c.counts().sent()).containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("unknown", 0L),
                            org.assertj.core.groups.Tuple.tuple("203.0.113.30", 1L));
            assertThat(out).filteredOn(c -> c.dimension().equals("account")).singleElement()
                    .satisfies(c -> assertThat(c.counts().sent()).isEqualTo(1));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<StreamRecord<DimensionCounts>> records(OneInputStreamOperatorTestHarness<?, DimensionCounts> h) {
        return h.getOutput().stream().map(o -> (StreamRecord<DimensionCounts>) o).collect(Collectors.toList());
    }

    private static List<DimensionCounts> values(List<StreamRecord<DimensionCounts>> records) {
        return records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }
}
