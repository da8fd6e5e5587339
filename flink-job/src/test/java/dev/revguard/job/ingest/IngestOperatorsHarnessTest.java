package dev.revguard.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Reasons;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class IngestOperatorsHarnessTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_040_000L - (1_700_000_040_000L % MINUTE);
    private static final byte[] RAW = "{\"uuid\":\"late\"}".getBytes(StandardCharsets.UTF_8);

    private static DeliveryEvent event(String id, long ts) {
        return new DeliveryEvent(id, ts, Outcome.SENT, "a", "d", "i", "p", "r", "posthog", null);
    }

    private static DeliveryEvent provider(String id, long ts, String ip) {
        return new DeliveryEvent(id, ts, Outcome.DELIVERED, "a", "d", ip, "sendgrid", "r", "sendgrid", "m-1");
    }

    private static Ingested in(DeliveryEvent e, long offset) {
        return Ingested.event(e, "posthog-events", 0, offset, RAW);
    }

    private static List<String> ids(List<Ingested> out) {
        return out.stream().map(i -> i.event.eventId() + (i.duplicate ? "(dup)" : "")).toList();
    }

    @Test
    void duplicatesAreDroppedUntilTheirIdExpires() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DeduplicateEvents(Duration.ofHours(24)), (Ingested i) -> i.event.dedupKey(), Types.STRING)) {
            h.setStateTtlProcessingTime(0);
            h.processElement(in(event("u-1", T0), 1), T0);
            h.processElement(in(event("u-1", T0), 2), T0);
            h.processElement(in(event("u-2", T0), 3), T0);
            h.processElement(in(event("u-1", T0 + 5), 4), T0 + 5);
            assertThat(ids(h.extractOutputValues())).containsExactly("u-1", "u-2");

            // After the TTL an id counts again: the state does not grow forever.
            h.setStateTtlProcessingTime(Duration.ofHours(24).toMillis() + 1);
            h.processElement(in(event("u-1", T0), 5), T0);
            assertThat(ids(h.extractOutputValues())).containsExactly("u-1", "u-2", "u-1");
        }
    }

    @Test
    void aProviderDuplicateNamingAnIpIsPassedOnOnlyToGiveItsMessageTheIp() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DeduplicateEvents(Duration.ofHours(24)), (Ingested i) -> i.event.dedupKey(), Types.STRING)) {
            h.processElement(in(provider("e-1", T0, "192.0.2.10"), 1), T0);
            Ingested late = in(provider("e-1", T0, "192.0.2.10"), 2);
            late.late = true;
            h.processElement(late, T0);
            h.processElement(in(provider("e-2", T0, null), 3), T0);
            h.processElement(in(provider("e-2", T0, null), 4), T0);
            List<Ingested> out = h.extractOutputValues();
            assertThat(ids(out)).containsExactly("e-1", "e-1(dup)", "e-2");
            assertThat(out.get(1).late).as("a duplicate is never a late dead letter").isFalse();
            assertThat(out.get(1).payload).isNull();
        }
    }

    @Test
    void deadLettersGoToTheSideOutputAndTooLateEventsAreMarkedWithTheirRecord() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new RouteRecords(MINUTE, 5 * MINUTE))) {
            h.open();
            h.processElement(new StreamRecord<>(in(event("on-time", T0), 1), T0));
            h.processElement(new StreamRecord<>(Ingested.deadLetter(DeadLetter.of("posthog-events", 0, 2, "posthog",
                    Reasons.UNPARSEABLE_JSON, "cut off", "{".getBytes(StandardCharsets.UTF_8), 1024))));

            // The watermark is 5 minutes past the end of minute 0: its window is closed for good,
            // minute 1 still takes late data.
            h.processWatermark(new Watermark(T0 + MINUTE - 1 + 5 * MINUTE));
            h.processElement(new StreamRecord<>(in(event("too-late", T0 + 10), 3), T0 + 10));
            h.processElement(new StreamRecord<>(in(event("late-ok", T0 + MINUTE), 4), T0 + MINUTE));

            List<Ingested> out = h.extractOutputValues();
            assertThat(ids(out)).containsExactly("on-time", "too-late", "late-ok");
            assertThat(out).extracting(i -> i.late).containsExactly(false, true, false);
            assertThat(out.get(0).payload).as("only a late outcome keeps its record").isNull();
            assertThat(out.get(1).asLate(1024)).isEqualTo(
                    new DeadLetter("posthog-events", 0, 3, "posthog", Reasons.LATE, null, "{\"uuid\":\"late\"}", RAW.length));
            assertThat(h.getSideOutput(RouteRecords.DEAD_LETTERS)).extracting(StreamRecord::getValue).containsExactly(
                    new DeadLetter("posthog-events", 0, 2, "posthog", Reasons.UNPARSEABLE_JSON, "cut off", "{", 1));

            // The watermark survives a restore: right after it, before any new watermark arrives,
            // the same too-late event is still too late.
            var snapshot = h.snapshot(1, 1);
            try (var restored = new OneInputStreamOperatorTestHarness<>(new RouteRecords(MINUTE, 5 * MINUTE))) {
                restored.initializeState(snapshot);
                restored.open();
                restored.processElement(new StreamRecord<>(in(event("too-late", T0 + 10), 3), T0 + 10));
                assertThat(restored.extractOutputValues()).singleElement().satisfies(i -> assertThat(i.late).isTrue());
                // ... and it is sent on at once, so the minutes it passed become final without newer events;
                // the source's own watermarks below it are not forwarded.
                restored.getOutput().clear();
                restored.setProcessingTime(1);
                restored.processWatermark(new Watermark(T0));
                assertThat(restored.getOutput()).containsExactly(new Watermark(T0 + MINUTE - 1 + 5 * MINUTE));
            }
        }
    }
}
