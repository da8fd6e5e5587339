package dev.revguard.query.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.revguard.common.RiskPolicy;
import dev.revguard.query.alert.AlertRow;
import dev.revguard.query.history.Counts;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The health score's terms, the KPIs' change and the alerts block, by hand from SPEC's definitions. */
class SummaryFiguresTest {
    private static final double EPS = 1e-9;

    @Test
    void theHealthScoreWeighsItsFourTerms() {
        // S monitor 0.67, E 81/100, P 900/1,000, A 1 − 0.5 × 1 − 0.2 × 1 = 0.3:
        // 100 × (0.4 × 0.67 + 0.3 × 0.81 + 0.2 × 0.9 + 0.1 × 0.3) = 100 × (0.268 + 0.243 + 0.18 + 0.03) = 72.1
        HealthScore.Health h = HealthScore.of("monitor", 81, 900, 1000, 1, 1);
        assertThat(h.score()).isCloseTo(72.1, within(EPS));
        assertThat(h.formula()).isEqualTo("100 × (0.4 × S + 0.3 × E + 0.2 × P + 0.1 × A)");
        assertThat(h.terms().keySet()).containsExactly("severity", "efficiency", "reputation", "alerts");
        assertThat(h.terms().get("severity").weight()).isEqualTo(0.4);
        assertThat(h.terms().get("severity").value()).isEqualTo(0.67);
        assertThat(h.terms().get("efficiency").value()).isCloseTo(0.81, within(EPS));
        assertThat(h.terms().get("reputation").value()).isCloseTo(0.9, within(EPS));
        assertThat(h.terms().get("reputation").inputs()).containsEntry("sent_high_or_medium", 900L).containsEntry("sent_all_ips", 1000L);
        assertThat(h.terms().get("alerts").value()).isCloseTo(0.3, within(EPS));
        assertThat(h.terms().get("alerts").inputs()).containsEntry("critical", 1L).containsEntry("warning", 1L);
    }

    @Test
    void eachSeverityHasItsValue() {
        // E 0, P 0, A 1 (no alerts): 100 × (0.4 × S + 0.1)
        assertThat(HealthScore.of("healthy", 0, 0, 1, 0, 0).score()).isCloseTo(50, within(EPS));   // 40 + 10
        assertThat(HealthScore.of("monitor", 0, 0, 1, 0, 0).score()).isCloseTo(36.8, within(EPS)); // 26.8 + 10
        assertThat(HealthScore.of("warning", 0, 0, 1, 0, 0).score()).isCloseTo(23.2, within(EPS)); // 13.2 + 10
        assertThat(HealthScore.of("critical", 0, 0, 1, 0, 0).score()).isCloseTo(10, within(EPS));  // 0 + 10
    }

    @Test
    void withoutASeverityTheOtherWeightsAreScaledUp() {
        // 100 × (0.3 × 0.81 + 0.2 × 0.9 + 0.1 × 0.3) ÷ 0.6 = 100 × 0.453 ÷ 0.6 = 75.5
        for (String severity : new String[] {"insufficient_data", null}) {
            HealthScore.Health h = HealthScore.of(severity, 81, 900, 1000, 1, 1);
            assertThat(h.score()).isCloseTo(75.5, within(EPS));
            assertThat(h.formula()).isEqualTo("100 × (0.3 × E + 0.2 × P + 0.1 × A) ÷ 0.6");
            assertThat(h.terms().get("severity").weight()).isEqualTo(0.0);
            assertThat(h.terms().get("severity").value()).isNull();
            assertThat(h.terms().get("efficiency").weight()).isCloseTo(0.5, within(EPS));      // 0.3 ÷ 0.6
            assertThat(h.terms().get("reputation").weight()).isCloseTo(1.0 / 3, within(EPS));  // 0.2 ÷ 0.6
            assertThat(h.terms().get("alerts").weight()).isCloseTo(1.0 / 6, within(EPS));      // 0.1 ÷ 0.6
        }
    }

    @Test
    void withoutSendingIpTrafficReputationIsLeftOutToo() {
        // S healthy 1, E 0.5, A 1: 100 × (0.4 + 0.15 + 0.1) ÷ 0.8 = 81.25
        HealthScore.Health h = HealthScore.of("healthy", 50, 0, 0, 0, 0);
        assertThat(h.score()).isCloseTo(81.25, within(EPS));
        assertThat(h.formula()).isEqualTo("100 × (0.4 × S + 0.3 × E + 0.1 × A) ÷ 0.8");
        assertThat(h.terms().get("reputation").value()).isNull();
        assertThat(h.terms().get("reputation").weight()).isEqualTo(0.0);
        // and with S missing as well: 100 × (0.15 + 0.1) ÷ 0.4 = 62.5
        assertThat(HealthScore.of(null, 50, 0, 0, 0, 0).score()).isCloseTo(62.5, within(EPS));
    }

    @Test
    void theAlertsTermIsClampedAtZero() {
        assertThat(HealthScore.alerts(0, 0).value()).isEqualTo(1.0);
        assertThat(HealthScore.alerts(0, 3).value()).isCloseTo(0.4, within(EPS));  // 1 − 0.6
        assertThat(HealthScore.alerts(1, 2).value()).isCloseTo(0.1, within(EPS));  // 1 − 0.5 − 0.4
        assertThat(HealthScore.alerts(2, 0).value()).isCloseTo(0.0, within(EPS));  // 1 − 1
        assertThat(HealthScore.alerts(2, 1).value()).isEqualTo(0.0);               // max(0, 1 − 1 − 0.2)
        assertThat(HealthScore.alerts(5, 5).value()).isEqualTo(0.0);
    }

    @Test
    void kpisCompareWithThePreviousPeriod() {
        Kpi d = Kpi.of("deliverability_rate", "Deliverability", "ratio", "higher", 0.95, 0.975, Map.of());
        assertThat(d.change().doubleValue()).isCloseTo(-0.025, within(EPS));
        assertThat(d.direction()).isEqualTo("worsened");
        Kpi b = Kpi.of("bounce_rate", "Bounce rate", "ratio", "lower", 0.01, 0.03, Map.of());
        assertThat(b.change().doubleValue()).isCloseTo(-0.02, within(EPS));
        assertThat(b.direction()).isEqualTo("improved");
        Kpi sent = Kpi.of("sent", "Emails sent", "count", "higher", 10_000L, 8_000L, Map.of());
        assertThat(sent.change()).isEqualTo(2_000L);
        assertThat(sent.direction()).isEqualTo("improved");
        // dollars: 321.09 − 150.77 = 170.32, in cents
        Kpi risk = Kpi.of("revenue_risk_usd", "Revenue at risk", "usd", "lower", 321.09, 150.77, Map.of());
        assertThat(risk.change()).isEqualTo(170.32);
        assertThat(risk.direction()).isEqualTo("worsened");
        assertThat(Kpi.of("mrr_at_risk_usd", "MRR at risk", "usd", "lower", 500.0, 500.0, Map.of()).direction()).isEqualTo("unchanged");
        Kpi none = Kpi.of("cost_per_email_usd", "Cost per email", "usd", "lower", 0.0004, null, Map.of());
        assertThat(none.change()).isNull();
        assertThat(none.direction()).isEqualTo("no_data");
    }

    @Test
    void previousRevenueRiskIsSpecsFormulaOverTheDaysCounts() {
        // 8,000 sent, 80 bounced (1 %), 4 complaints of 7,800 delivered; monthly volume 8,000 × 30 = 240,000:
        // (0.01 × 0.05 + 4/7,800 × 0.25) × 240,000 = 120 + 30.769… = 150.77
        Counts c = new Counts("all", 8_000, 7_800, 80, 0, 0, 0, 4);
        assertThat(SummaryController.revenueRisk(c, 0.05, 0.25)).isEqualTo(150.77);
        assertThat(SummaryController.revenueRisk(Counts.none("all"), 0.05, 0.25)).isEqualTo(0.0);
    }

    @Test
    void previousMrrAtRiskClassifiesEachAccountsCountsUnderThePolicy() {
        List<SummaryQueries.Subscription> subs = List.of(
                new SummaryQueries.Subscription("acct-a", new BigDecimal("1000.00"), "critical", 77.1),
                new SummaryQueries.Subscription("acct-d", new BigDecimal("200.00"), "healthy", 1.0),
                new SummaryQueries.Subscription("acct-e", new BigDecimal("100.00"), null, null));
        // seed policy: acct-a 2 % bounced (healthy); acct-d 12 % (warning, ≥ 10 %); acct-e 20 % (critical, > 15 %)
        Map<String, Counts> day = Map.of(
                "acct-a", new Counts("acct-a", 1_000, 980, 20, 0, 0, 0, 0),
                "acct-d", new Counts("acct-d", 1_000, 880, 120, 0, 0, 0, 0),
                "acct-e", new Counts("acct-e", 500, 400, 100, 0, 0, 0, 0));
        SummaryController.MrrAtRisk before = SummaryController.MrrAtRisk.previous(subs, day, RiskPolicy.SEED);
        assertThat(before.mrrAtRiskUsd()).isEqualTo(300.0);
        assertThat(before.mrrUsd()).isEqualTo(1300.0);
        assertThat(before.accounts()).extracting(SummaryController.AccountAtRisk::severity).containsExactly("warning", "critical");
        SummaryController.MrrAtRisk now = SummaryController.MrrAtRisk.now(subs);
        assertThat(now.mrrAtRiskUsd()).isEqualTo(1000.0);
        assertThat(now.accounts()).extracting(SummaryController.AccountAtRisk::accountId).containsExactly("acct-a");
    }

    private static AlertRow alert(int n, String severity, int hoursAgo, double usd, boolean acknowledged) {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        Instant started = now.minusSeconds(hoursAgo * 3600L);
        return new AlertRow("alr_" + String.format("%020d", n), "sending_domain", "d" + n, "firing", severity, severity, started,
                null, started, 1000, 0.1, 0.0, 0.9, usd, acknowledged ? "alice" : null, acknowledged ? now : null);
    }

    @Test
    void theAlertsBlockCountsFiringAlertsAndListsTheOldestAndTheLargest() {
        List<AlertRow> firing = List.of(alert(1, "critical", 72, 400, false), alert(2, "warning", 48, 900, true),
                alert(3, "critical", 30, 50.5, false), alert(4, "monitor", 26, 10, false), alert(5, "monitor", 26, 20, false),
                alert(6, "monitor", 26, 30, false), alert(7, "monitor", 26, 40, false));
        SummaryController.AlertsSummary s = SummaryController.AlertsSummary.of(firing);
        assertThat(s.firing()).containsExactly(Map.entry("critical", 2L), Map.entry("warning", 1L), Map.entry("monitor", 4L));
        assertThat(s.unacknowledged()).isEqualTo(6);
        assertThat(s.oldest().alertId()).isEqualTo(firing.get(0).alertId());
        // by dollars: 900, 400, 50.50, 40, 30 (the $20 and $10 ones are left out)
        assertThat(s.largest()).extracting(AlertRow::revenueRiskUsd).containsExactly(900.0, 400.0, 50.5, 40.0, 30.0);
        SummaryController.AlertsSummary none = SummaryController.AlertsSummary.of(List.of());
        assertThat(none.oldest()).isNull();
        assertThat(none.largest()).isEmpty();
        assertThat(none.firing()).containsEntry("critical", 0L);
    }
}
