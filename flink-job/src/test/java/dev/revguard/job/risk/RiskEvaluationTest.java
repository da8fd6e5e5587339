package dev.revguard.job.risk;

import dev.revguard.common.RiskPolicy;
import dev.revguard.common.Severity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.revguard.job.window.OutcomeCounts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RiskEvaluationTest {
    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

    @Test
    void ratesVolumeAndRiskFollowTheFormulas() {
        // 1000 sent, 900 delivered, 60 bounced, 9 complaints over 15 minutes.
        OutcomeCounts c = new OutcomeCounts(1000, 900, 60, 5, 3, 2, 9);
        RiskEvaluation e = RiskEvaluation.evaluate(c, FIFTEEN_MINUTES, RiskPolicy.SEED, RiskPrices.DEFAULT);

        assertThat(e.bounceRate()).isEqualTo(0.06);
        assertThat(e.deliverabilityRate()).isEqualTo(0.9);
        assertThat(e.spamRate()).isEqualTo(0.01); // complaints / delivered
        // 30 days / 15 minutes = 2880 evaluation windows a month.
        assertThat(e.monthlyVolume()).isEqualTo(2_880_000.0);
        // (0.06 * 0.05 + 0.01 * 0.25) * 2,880,000 = (0.003 + 0.0025) * 2,880,000 = 15,840
        assertThat(e.revenueRiskUsd()).isCloseTo(15_840.0, within(1e-6));
        assertThat(e.severity()).isEqualTo(Severity.MONITOR);
    }

    @Test
    void pricesAndWindowAreParameters() {
        OutcomeCounts c = new OutcomeCounts(200, 100, 20, 0, 0, 0, 1);
        RiskEvaluation e = RiskEvaluation.evaluate(c, Duration.ofMinutes(60), RiskPolicy.SEED, new RiskPrices(1.0, 2.0));
        // 30 days / 1 hour = 720; volume 144,000; risk = (0.1 * 1 + 0.01 * 2) * 144,000
        assertThat(e.monthlyVolume()).isEqualTo(144_000.0);
        assertThat(e.revenueRiskUsd()).isCloseTo(17_280.0, within(1e-6));
    }

    @Test
    void zeroDenominatorsGiveNullRatesAndNoRisk() {
        RiskEvaluation e = RiskEvaluation.evaluate(OutcomeCounts.ZERO, FIFTEEN_MINUTES, RiskPolicy.SEED, RiskPrices.DEFAULT);
        assertThat(e.bounceRate()).isNull();
        assertThat(e.spamRate()).isNull();
        assertThat(e.deliverabilityRate()).isNull();
        assertThat(e.monthlyVolume()).isZero();
        assertThat(e.revenueRiskUsd()).isZero();
        assertThat(e.severity()).isEqualTo(Severity.INSUFFICIENT_DATA);

        // Sent but nothing delivered: spam rate null, bounce rate counts.
        RiskEvaluation noDelivery = RiskEvaluation.evaluate(
                new OutcomeCounts(100, 0, 20, 0, 0, 0, 0), FIFTEEN_MINUTES, RiskPolicy.SEED, RiskPrices.DEFAULT);
        assertThat(noDelivery.spamRate()).isNull();
        assertThat(noDelivery.bounceRate()).isEqualTo(0.2);
        assertThat(noDelivery.revenueRiskUsd()).isCloseTo(0.2 * 0.05 * 288_000, within(1e-6));
        assertThat(noDelivery.severity()).isEqualTo(Severity.CRITICAL);
    }
}
