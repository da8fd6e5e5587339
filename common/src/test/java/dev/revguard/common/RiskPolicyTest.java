package dev.revguard.common;

import static dev.revguard.common.Severity.CRITICAL;
import static dev.revguard.common.Severity.HEALTHY;
import static dev.revguard.common.Severity.INSUFFICIENT_DATA;
import static dev.revguard.common.Severity.MONITOR;
import static dev.revguard.common.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The severity lines exactly as SPEC.md words them. Rates are built from counts (numerator over
 * denominator) as the job computes them, so the boundary cases are the ones the job meets.
 */
class RiskPolicyTest {

    @ParameterizedTest(name = "seed: bounced {0} of 1000 sent -> {1}")
    @CsvSource({
        "0, HEALTHY", "49, HEALTHY",
        "50, MONITOR",          // 5 % is monitor (>=)
        "99, MONITOR",
        "100, WARNING",         // 10 % is warning (>=)
        "150, WARNING",         // exactly 15 % is not yet critical (>)
        "151, CRITICAL", "1000, CRITICAL"
    })
    void seedBounceLines(long bounced, Severity expected) {
        assertThat(RiskPolicy.SEED.classify(1000, rate(bounced, 1000), rate(0, 900))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "seed: {0} complaints of 1000 delivered -> {1}")
    @CsvSource({
        "9, HEALTHY",
        "10, MONITOR",          // 1 % (>=)
        "14, MONITOR",
        "15, WARNING",          // 1.5 % (>=)
        "20, WARNING",          // exactly 2 % is not yet critical (>)
        "21, CRITICAL"
    })
    void seedSpamLines(long complaints, Severity expected) {
        assertThat(RiskPolicy.SEED.classify(1000, rate(0, 1000), rate(complaints, 1000))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "mailbox-2024: bounced {0} of 1000 sent -> {1}")
    @CsvSource({
        "19, HEALTHY",
        "20, MONITOR",          // 2 % (>=)
        "40, WARNING",          // 4 % (>=)
        "50, WARNING",          // exactly 5 % is not yet critical (>)
        "51, CRITICAL"
    })
    void mailboxBounceLines(long bounced, Severity expected) {
        assertThat(RiskPolicy.MAILBOX_2024.classify(1000, rate(bounced, 1000), rate(0, 900))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "mailbox-2024: {0} complaints of 10000 delivered -> {1}")
    @CsvSource({
        "9, HEALTHY",
        "10, MONITOR",          // 0.1 % (>=)
        "19, MONITOR",
        "20, WARNING",          // 0.2 % (>=)
        "29, WARNING",
        "30, CRITICAL"          // 0.3 % is critical (>=)
    })
    void mailboxSpamLines(long complaints, Severity expected) {
        assertThat(RiskPolicy.MAILBOX_2024.classify(10_000, rate(0, 10_000), rate(complaints, 10_000)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: the worse of the two rates wins")
    @CsvSource({"seed", "mailbox-2024"})
    void worseRateWins(String policyName) {
        RiskPolicy p = RiskPolicy.named(policyName);
        assertThat(p.classify(1000, 0.0, 0.5)).isEqualTo(CRITICAL);
        assertThat(p.classify(1000, 0.5, 0.0)).isEqualTo(CRITICAL);
    }

    @ParameterizedTest(name = "{0}: minimum volume and null rates")
    @CsvSource({"seed", "mailbox-2024"})
    void minimumVolumeAndNullRates(String policyName) {
        RiskPolicy p = RiskPolicy.named(policyName);
        // 99 sent is below the default minimum of 100, whatever the rates.
        assertThat(p.classify(99, 1.0, 1.0)).isEqualTo(INSUFFICIENT_DATA);
        assertThat(p.classify(100, 0.0, 0.0)).isEqualTo(HEALTHY);
        // Nothing delivered: the spam rate is null and only the bounce rate counts.
        assertThat(p.classify(100, 0.0, null)).isEqualTo(HEALTHY);
        assertThat(p.classify(100, 1.0, null)).isEqualTo(CRITICAL);
        // No rate at all says nothing.
        assertThat(p.classify(100, null, null)).isEqualTo(INSUFFICIENT_DATA);
    }

    @ParameterizedTest(name = "colours: {0} is {1}")
    @CsvSource({"CRITICAL, red", "WARNING, orange", "MONITOR, yellow", "HEALTHY, green", "INSUFFICIENT_DATA, grey"})
    void colours(Severity s, String colour) {
        assertThat(s.colour()).isEqualTo(colour);
    }

    private static Double rate(long n, long d) {
        return (double) n / d;
    }
}
