package dev.revguard.job.ingest;

import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.Outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class IngestOperatorsHarnessTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_040_000L - (1_700_000_040_000L % MINUTE);

    private static DeliveryEvent event(String id, long ts) {
        return new DeliveryEvent(id, ts, Outcome.SENT, "a", "d", "i", "p", "r", "posthog", null);
    }

    @Test
    void duplicatesAreDroppedUntilTheirIdExpires() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DeduplicateEvents(Duration.ofHours(24)), DeliveryEvent::eventId, Types.STRING)) {
            h.setStateTtlProcessingTime(0);
            h.processElement(event("u-1", T0), T0);
            h.processElement(event("u-1", T0), T0);
            h.processElement(event("u-2", T0), T0);
            h.processElement(event("u-1", T0 + 5), T0 + 5);
            assertThat(h.extractOutputValues()).extracting(DeliveryEvent::eventId).containsExactly("u-1", "u-2");

            // After the TTL an id counts again: the state does not grow forever.
            h.setStateTtlProcessingTime(Duration.ofHours(24).toMillis() + 1);
            h.processElement(event("u-1", T0), T0);
            assertThat(h.extractOutputValues()).extracting(DeliveryEvent::eventId).containsExactly("u-1", "u-2", "u-1");
        }
    }

    @Test
    void deadLettersAndTooLateEventsGoToTheSideOutputWithTheirRecord() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new RouteRecords(MINUTE, 5 * MINUTE, 1024))) {
            h.open();
            byte[] raw = "{\"uuid\":\"late\"}".getBytes(StandardCharsets.UTF_8);
            h.processElement(new StreamRecord<>(Ingested.event(event("on-time", T0), "posthog-events", 0, 1, raw), T0));
            h.processElement(new StreamRecord<>(Ingested.deadLetter(
                    DeadLetter.of("posthog-events", 0, 2, "malformed json", "{".getBytes(StandardCharsets.UTF_8), 1024))));

            // The watermark is 5 minutes past the end of minute 0: its window is closed for good,
            // minute 1 still takes late data.
            h.processWatermark(new Watermark(T0 + MINUTE - 1 + 5 * MINUTE));
            h.processElement(new StreamRecord<>(Ingested.event(event("too-late", T0 + 10), "posthog-events", 0, 3, raw), T0 + 10));
            h.processElement(new StreamRecord<>(Ingested.event(event("late-ok", T0 + MINUTE), "posthog-events", 0, 4, raw), T0 + MINUTE));

            assertThat(h.extractOutputValues()).extracting(DeliveryEvent::eventId).containsExactly("on-time", "late-ok");
            assertThat(h.getSideOutput(RouteRecords.DEAD_LETTERS)).extracting(StreamRecord::getValue).containsExactly(
                    new DeadLetter("posthog-events", 0, 2, "malformed json", "{", 1),
                    new DeadLetter("posthog-events", 0, 3, "late", "{\"uuid\":\"late\"}", raw.length));

            // The watermark survives a restore: right after it, before any new watermark arrives,
            // the same too-late event is still too late.
            var snapshot = h.snapshot(1, 1);
            try (var restored = new OneInputStreamOperatorTestHarness<>(new RouteRecords(MINUTE, 5 * MINUTE, 1024))) {
                restored.initializeState(snapshot);
                restored.open();
                restored.processElement(new StreamRecord<>(Ingested.event(event("too-late", T0 + 10), "posthog-events", 0, 3, raw), T0 + 10));
                assertThat(restored.extractOutputValues()).isEmpty();
                assertThat(restored.getSideOutput(RouteRecords.DEAD_LETTERS)).hasSize(1);
            }
        }
    }
}
