package dev.revguard.job.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.ingest.DeadLetter;
import dev.revguard.job.ingest.Ingested;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.window.Counted;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The rules of SPEC's "Precise rules" one by one: the sending IP of a send in event time, the
 * correction when an earlier naming arrives later, {@code unknown} after the wait, the memory for
 * complaints, and the cross-source dedup that cancels at most one report.
 */
class MatchMessagesHarnessTest {
    private static final long SECOND = 1000;
    private static final long T0 = 1_764_000_000_000L;
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Duration MEMORY = Duration.ofHours(24);

    private static KeyedOneInputStreamOperatorTestHarness<String, Ingested, Counted> harness(boolean acrossSources)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new MatchMessages(WAIT, MEMORY, acrossSources, 1024), MatchMessages::keyOf, Types.STRING);
    }

    private static DeliveryEvent provider(String id, long ts, Outcome o, String ip, String message) {
        return new DeliveryEvent(id, ts, o, "acct-1", "news.example.com", ip, "sendgrid", "example.net", "sendgrid",
                message);
    }

    private static DeliveryEvent posthog(String id, long ts, Outcome o, String message) {
        return new DeliveryEvent(id, ts, o, "acct-1", "news.example.com", "192.0.2.99", "sendgrid", "example.net",
                "posthog", message);
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, Ingested, Counted> h, DeliveryEvent e)
            throws Exception {
        h.processElement(new StreamRecord<>(Ingested.event(e, "t", 0, 0, null), e.timestamp()));
    }

    /** Each output as "id dims ip weight", dims: all, rest (every dimension but sending_ip), ip. */
    private static List<String> out(KeyedOneInputStreamOperatorTestHarness<String, Ingested, Counted> h) {
        List<String> s = h.extractOutputValues().stream().map(c -> c.event().eventId() + " "
                + (c.dimensions() == Counted.EVERY_DIMENSION ? "all"
                        : c.dimensions() == Counted.SENDING_IP_ONLY ? "ip" : "rest")
                + " " + c.event().sendingIp() + " " + (c.weight() > 0 ? "+" : "-")).toList();
        h.getOutput().clear();
        return s;
    }

    @Test
    void aSendTakesTheIpOfItsMessagesFirstLaterEventWithinTheWait() throws Exception {
        try (var h = harness(true)) {
            send(h, provider("s1", T0, Outcome.SENT, null, "m1"));
            assertThat(out(h)).as("counted at once under every other dimension").containsExactly("s1 rest null +");
            send(h, provider("d1", T0 + 30 * SECOND, Outcome.DELIVERED, "192.0.2.10", "m1"));
            assertThat(out(h)).containsExactly("s1 ip 192.0.2.10 +", "d1 all 192.0.2.10 +");
            h.processWatermark(new Watermark(T0 + WAIT.toMillis()));
            assertThat(out(h)).as("the rule agrees: nothing to correct").isEmpty();
        }
    }

    @Test
    void aSendWhoseMessageNamesNoIpWithinTheWaitCountsUnderUnknown() throws Exception {
        try (var h = harness(true)) {
            send(h, provider("s1", T0, Outcome.SENT, null, "m1"));
            h.processWatermark(new Watermark(T0 + WAIT.toMillis() - 1));
            assertThat(out(h)).containsExactly("s1 rest null +");
            h.processWatermark(new Watermark(T0 + WAIT.toMillis()));
            assertThat(out(h)).as("null is counted under 'unknown'").containsExactly("s1 ip null +");
            // An event more than the wait after the send names its IP too late for the send.
            send(h, provider("d1", T0 + WAIT.toMillis() + SECOND, Outcome.DELIVERED, "192.0.2.10", "m1"));
            h.processWatermark(new Watermark(T0 + 2 * WAIT.toMillis()));
            assertThat(out(h)).containsExactly("d1 all 192.0.2.10 +");
        }
    }

    @Test
    void anEarlierNamingThatArrivesLaterCorrectsTheSendsIp() throws Exception {
        try (var h = harness(true)) {
            send(h, provider("s1", T0, Outcome.SENT, null, "m1"));
            send(h, provider("d1", T0 + 90 * SECOND, Outcome.DEFERRED, "192.0.2.11", "m1"));
            send(h, provider("d2", T0 + 30 * SECOND, Outcome.DELIVERED, "192.0.2.10", "m1"));
            assertThat(out(h)).containsExactly("s1 rest null +", "s1 ip 192.0.2.11 +", "d1 all 192.0.2.11 +",
                    "d2 all 192.0.2.10 +");
            h.processWatermark(new Watermark(T0 + WAIT.toMillis()));
            assertThat(out(h)).as("the earliest naming wins: moved from .11 to .10")
                    .containsExactly("s1 ip 192.0.2.11 -", "s1 ip 192.0.2.10 +");
        }
    }

    @Test
    void aDuplicateStillGivesItsIpAndAComplaintTakesTheIpItsMessageNamedEarlier() throws Exception {
        try (var h = harness(true)) {
            send(h, provider("s1", T0, Outcome.SENT, null, "m1"));
            Ingested dup = Ingested.event(provider("d1", T0 + SECOND, Outcome.DELIVERED, "192.0.2.10", "m1"), "t", 0, 0, null);
            dup.duplicate = true;
            h.processElement(new StreamRecord<>(dup, T0 + SECOND));
            assertThat(out(h)).as("the duplicate is not counted, its IP is")
                    .containsExactly("s1 rest null +", "s1 ip 192.0.2.10 +");
            send(h, provider("c1", T0 + Duration.ofHours(3).toMillis(), Outcome.SPAM_COMPLAINT, null, "m1"));
            assertThat(out(h)).containsExactly("c1 rest null +", "c1 ip 192.0.2.10 +");
        }
    }

    @Test
    void oneReportCancelsAtMostOneOfTheOtherSourceAndNoneOfItsOwn() throws Exception {
        try (var h = harness(true)) {
            send(h, posthog("p1", T0, Outcome.DELIVERED, "m1"));
            send(h, posthog("p2", T0, Outcome.DELIVERED, "m1"));
            send(h, provider("e1", T0 + SECOND, Outcome.DELIVERED, "192.0.2.10", "m1"));
            send(h, provider("e2", T0 + SECOND, Outcome.DELIVERED, "192.0.2.10", "m1"));
            send(h, provider("e3", T0 + SECOND, Outcome.DELIVERED, "192.0.2.10", "m1"));
            send(h, provider("b1", T0 + SECOND, Outcome.BOUNCED, "192.0.2.10", "m1"));
            assertThat(out(h)).as("two PostHog reports cancel two provider reports; the third and the bounce count")
                    .containsExactly("p1 all 192.0.2.99 +", "p2 all 192.0.2.99 +", "e3 all 192.0.2.10 +",
                            "b1 all 192.0.2.10 +");
        }
    }

    @Test
    void withoutCrossSourceDedupBothSourcesCount() throws Exception {
        try (var h = harness(false)) {
            send(h, posthog("p1", T0, Outcome.DELIVERED, "m1"));
            send(h, provider("e1", T0 + SECOND, Outcome.DELIVERED, "192.0.2.10", "m1"));
            assertThat(out(h)).containsExactly("p1 all 192.0.2.99 +", "e1 all 192.0.2.10 +");
        }
    }

    @Test
    void aLateOutcomeBecomesADeadLetterButStillGivesItsIp() throws Exception {
        try (var h = harness(true)) {
            send(h, provider("s1", T0, Outcome.SENT, null, "m1"));
            byte[] raw = "{\"sg_event_id\":\"d1\"}".getBytes(StandardCharsets.UTF_8);
            Ingested late = Ingested.event(provider("d1", T0 + SECOND, Outcome.DELIVERED, "192.0.2.10", "m1"),
                    "provider-events", 1, 7, raw);
            late.late = true;
            h.processElement(new StreamRecord<>(late, T0 + SECOND));
            assertThat(out(h)).containsExactly("s1 rest null +", "s1 ip 192.0.2.10 +");
            assertThat(h.getSideOutput(MatchMessages.LATE)).extracting(StreamRecord::getValue).containsExactly(
                    new DeadLetter("provider-events", 1, 7, "sendgrid", Reasons.LATE, null, new String(raw,
                            StandardCharsets.UTF_8), raw.length));
        }
    }

    @Test
    void theWaitingSendsSurviveARestore() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = harness(true)) {
            send(h, provider("s1", T0, Outcome.SENT, null, "m1"));
            send(h, provider("d1", T0 + 60 * SECOND, Outcome.DELIVERED, "192.0.2.11", "m1"));
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new MatchMessages(WAIT, MEMORY, true, 1024)), MatchMessages::keyOf, Types.STRING)) {
            restored.initializeState(snapshot);
            restored.open();
            send(restored, provider("d2", T0 + 10 * SECOND, Outcome.DEFERRED, "192.0.2.10", "m1"));
            restored.processWatermark(new Watermark(T0 + WAIT.toMillis()));
            assertThat(out(restored)).containsExactly("d2 all 192.0.2.10 +", "s1 ip 192.0.2.11 -",
                    "s1 ip 192.0.2.10 +");
        }
    }
}
