package dev.revguard.query.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.query.cost.CostController;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The review_decision rule among the others: check_pipeline first, the priced ones by value, unpriced last. */
class DecisionReviewRecommendationTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final CostController.Underutilized NONE_UNDERUSED = new CostController.Underutilized(0.2, List.of(), 0);

    private static Recommendations.DecisionShortfall shortfall(String id, String kpi, String status, Double usd) {
        return new Recommendations.DecisionShortfall(id, "Move to dedicated IPs", kpi, 0.05, 0.01, 0.0371, 0.32, 0.55, status,
                LocalDate.parse("2026-03-15"), usd);
    }

    @Test
    void eachOutcomeAtRiskOrMissedIsAnActionWorthItsShortfall() {
        EfficiencyQueries.SenderRisk sender = new EfficiencyQueries.SenderRisk("sending_domain", "mail.x.example", "warning", 1000,
                0.11, 0.0, 100.0, NOW);
        List<Recommendation> r = Recommendations.of(NOW, Optional.of(NOW.minus(Duration.ofHours(1))), Duration.ofMinutes(5),
                List.of(sender), NONE_UNDERUSED, List.of(), 0.25, List.of(
                        shortfall("dec-1", "bounce_rate", "at_risk", 40.71),
                        shortfall("dec-2", "sent", "missed", null),
                        shortfall("dec-3", "mrr_at_risk_usd", "missed", 1000.0)));
        // stale data first, then 1,000 (dec-3), 100 (the sender), 40.71 (dec-1), unpriced dec-2 last
        assertThat(r).extracting(Recommendation::kind).containsExactly("check_pipeline", "review_decision", "fix_sender",
                "review_decision", "review_decision");
        assertThat(r).extracting(Recommendation::expectedValueUsd).containsExactly(null, 1000.0, 100.0, 40.71, null);
        Recommendation atRisk = r.get(3);
        assertThat(atRisk.link()).isEqualTo("#decision-dec-1");
        assertThat(atRisk.title()).isEqualTo("Review decision \"Move to dedicated IPs\" (dec-1)");
        assertThat(atRisk.reason()).isEqualTo("Decision \"Move to dedicated IPs\" (dec-1) is at risk: bounce_rate is 0.0371 "
                + "against a target of 0.01 by 2026-03-15, 32.0% of the way with 55.0% of the time gone");
        assertThat(atRisk.evidence()).containsEntry("kpi", "bounce_rate").containsEntry("baseline", 0.05)
                .containsEntry("target", 0.01).containsEntry("actual", 0.0371).containsEntry("progress", 0.32)
                .containsEntry("status", "at_risk");
        assertThat(r.get(1).reason()).isEqualTo("Decision \"Move to dedicated IPs\" (dec-3) missed its target: mrr_at_risk_usd "
                + "was 0.0371 at 2026-03-15 against a target of 0.01");
    }

    @Test
    void withoutDecisionsToReviewTheRuleIsSilent() {
        List<Recommendation> r = Recommendations.of(NOW, Optional.of(NOW), Duration.ofMinutes(5), List.of(), NONE_UNDERUSED,
                List.of(), 0.25, List.of());
        assertThat(r).isEmpty();
        assertThat(Recommendations.of(NOW, Optional.of(NOW), Duration.ofMinutes(5), List.of(), NONE_UNDERUSED, List.of(), 0.25))
                .isEmpty();
    }
}
