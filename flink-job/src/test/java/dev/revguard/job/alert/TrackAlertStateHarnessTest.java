package dev.revguard.job.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.risk.RiskSnapshot;
import dev.revguard.job.window.OutcomeCounts;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackAlertStateHarnessTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_795_500_000_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, RiskSnapshot, AlertTransition> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new TrackAlertState(Duration.ofMinutes(2), Duration.ofHours(4)),
                s -> s.dimension() + "/" + s.value(), Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void observe(int minute, String severity) throws Exception {
        observe(minute, severity, true);
    }

    private void observe(int minute, String severity, boolean settled) throws Exception {
        long at = T0 + minute * MINUTE;
        harness.processElement(new RiskSnapshot("sending_domain", "mail.example", at - MINUTE, at,
                new OutcomeCounts(200, 180, 20, 0, 0, 0, 0), 0.1, 0.0, 0.9, 576_000, 2880.0, severity, "seed", settled), at);
    }

    private List<String> transitions() {
        return harness.extractOutputValues().stream().map(t -> t.kind() + ":" + t.severity() + ":" + t.seq()).toList();
    }

    @Test
    void firesEscalatesAndResolvesOnceEachStateHasHeld() throws Exception {
        observe(1, "healthy");
        observe(2, "monitor");
        observe(3, "monitor");
        assertThat(transitions()).as("monitor has held one minute of two").isEmpty();
        observe(4, "monitor");
        observe(5, "warning");
        observe(6, "critical");
        observe(7, "critical");
        observe(8, "critical");
        observe(9, "warning"); // better but not healthy: not notified
        observe(10, "healthy");
        observe(11, "insufficient_data"); // neither fires nor resolves
        observe(12, "healthy");
        assertThat(transitions()).containsExactly(
                "firing:monitor:1", "escalated:warning:2", "escalated:critical:3", "resolved:critical:4");

        List<AlertTransition> out = harness.extractOutputValues();
        String alertId = AlertIds.alertId("sending_domain", "mail.example", T0 + 2 * MINUTE);
        assertThat(out).allSatisfy(t -> assertThat(t.alertId()).isEqualTo(alertId));
        assertThat(out).extracting(AlertTransition::webhookId).doesNotHaveDuplicates()
                .containsExactly(AlertIds.webhookId(alertId, 1), AlertIds.webhookId(alertId, 2),
                        AlertIds.webhookId(alertId, 3), AlertIds.webhookId(alertId, 4));
        assertThat(out).extracting(AlertTransition::changedAt)
                .as("monitor held from 2 to 4, warning from 5 to 7, critical from 6 to 8, healthy from 10 to 12")
                .containsExactly(T0 + 4 * MINUTE, T0 + 7 * MINUTE, T0 + 8 * MINUTE, T0 + 12 * MINUTE);
        assertThat(out.get(3).endsAt()).as("healthy since minute 10").isEqualTo(T0 + 10 * MINUTE);
        assertThat(out.get(3).status()).isEqualTo("resolved");
        assertThat(harness.numKeyedStateEntries()).as("nothing kept after the incident").isZero();
    }

    @Test
    void theUnknownValueOfADimensionPagesNobody() throws Exception {
        for (int m = 1; m <= 6; m++) {
            long at = T0 + m * MINUTE;
            harness.processElement(new RiskSnapshot("sending_ip", "unknown", at - MINUTE, at,
                    new OutcomeCounts(200, 100, 100, 0, 0, 0, 0), 0.5, 0.0, 0.5, 576_000, 14400.0, "critical", "seed", true), at);
        }
        assertThat(transitions()).isEmpty();
        observe(7, "critical");
        observe(8, "critical");
        observe(9, "critical");
        assertThat(transitions()).as("a named sender still pages").isNotEmpty();
    }

    @Test
    void aRateHoveringOnAThresholdDoesNotFlap() throws Exception {
        for (int m = 1; m <= 20; m++) {
            observe(m, m % 2 == 0 ? "monitor" : "healthy");
        }
        assertThat(transitions()).isEmpty();

        // Once firing, hovering between monitor and healthy does not resolve it.
        observe(21, "warning");
        observe(22, "warning");
        observe(23, "warning");
        for (int m = 24; m <= 40; m++) {
            observe(m, m % 2 == 0 ? "monitor" : "healthy");
        }
        assertThat(transitions()).as("monitor or worse held from 20 to 22, warning from 21 to 23")
                .containsExactly("firing:monitor:1", "escalated:warning:2");
    }

    @Test
    void aSenderWorseningFasterThanTheHoldIsPagedOnceMonitorOrWorseHasHeld() throws Exception {
        observe(1, "healthy");
        observe(2, "monitor");
        observe(3, "warning");
        assertThat(transitions()).isEmpty();
        observe(4, "critical");
        assertThat(transitions()).as("monitor or worse since minute 2").containsExactly("firing:monitor:1");
        observe(5, "critical");
        observe(6, "critical");
        assertThat(transitions()).containsExactly("firing:monitor:1", "escalated:warning:2", "escalated:critical:3");
        observe(7, "insufficient_data"); // does not interrupt the hold of healthy below
        observe(8, "healthy");
        observe(9, "insufficient_data");
        observe(10, "healthy");
        assertThat(transitions()).endsWith("resolved:critical:4");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void unsettledEvaluationsAreIgnored() throws Exception {
        observe(1, "critical", false);
        observe(2, "critical", false);
        observe(3, "critical", false);
        observe(4, "critical", false);
        assertThat(transitions()).isEmpty();
    }

    @Test
    void anUnacknowledgedAlertIsRepeatedEveryRepeatInterval() throws Exception {
        observe(1, "warning");
        observe(3, "warning");
        observe(3 + 239, "warning");
        assertThat(transitions()).containsExactly("firing:warning:1");
        observe(3 + 240, "warning");
        observe(3 + 300, "warning");
        observe(3 + 480, "warning");
        assertThat(transitions()).containsExactly("firing:warning:1", "repeat:warning:2", "repeat:warning:3");
    }
}
