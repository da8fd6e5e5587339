package dev.revguard.job.source.posthog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.source.Decision;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Parsed.Kind;
import dev.revguard.job.source.Reasons;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed strategic decisions become dead letters with the first defect's reason and a detail
 * naming it; what is optional takes its documented default.
 */
class DecisionEventsTest {
    private final PostHogParser parser = new PostHogParser();

    private static final String GOOD_OUTCOMES =
            "[{\"kpi\":\"bounce_rate\",\"baseline\":0.05,\"target\":0.02,\"due\":\"2026-05-01\"}]";

    /** A decision event whose properties are {@code properties} (a JSON object's members). */
    private Parsed parse(String properties) {
        String json = "{\"uuid\":\"u-1\",\"event\":\"strategic_decision_event\",\"timestamp\":\"2026-03-02T16:03:05Z\","
                + "\"properties\":{" + properties + "}}";
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMinimalDecisionTakesTheDefaults() {
        Parsed p = parse("\"decision_id\":\"d-1\",\"expected_outcomes\":" + GOOD_OUTCOMES);
        assertThat(p.kind()).isEqualTo(Kind.DECISION);
        assertThat(p.decision()).isEqualTo(new Decision("d-1", "u-1", 1772467385000L, null, null, null, null,
                "proposed", null, "all", "all", GOOD_OUTCOMES));
    }

    @Test
    void aNumericDecisionIdIsItsDigitsAndAnIntegerBaselineANumber() {
        Parsed p = parse("\"decision_id\":42,\"expected_outcomes\":[{\"kpi\":\"sent\",\"baseline\":1000,\"target\":2000,"
                + "\"due\":\"2026-05-01\"}],\"scope\":{\"dimension\":\"all\"}");
        assertThat(p.kind()).isEqualTo(Kind.DECISION);
        assertThat(p.decision().decisionId()).isEqualTo("42");
        assertThat(p.decision().outcomesJson())
                .isEqualTo("[{\"kpi\":\"sent\",\"baseline\":1000.0,\"target\":2000.0,\"due\":\"2026-05-01\"}]");
        assertThat(p.decision().scopeDimension()).isEqualTo("all");
        assertThat(p.decision().scopeValue()).isEqualTo("all");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no id                 | "expected_outcomes":[]                                                   | missing_field | decision_id
            blank id              | "decision_id":" ","expected_outcomes":[]                                 | missing_field | decision_id
            id an object          | "decision_id":{"a":1},"expected_outcomes":[]                             | invalid_field | decision_id
            no outcomes           | "decision_id":"d"                                                        | missing_field | expected_outcomes
            outcomes an object    | "decision_id":"d","expected_outcomes":{"kpi":"bounce_rate"}              | invalid_field | expected_outcomes: not a list
            outcomes a string     | "decision_id":"d","expected_outcomes":"bounce_rate < 2%"                 | invalid_field | expected_outcomes: not a list
            outcome a number      | "decision_id":"d","expected_outcomes":[1]                                | invalid_field | expected_outcomes[0]: not an object
            no kpi                | "decision_id":"d","expected_outcomes":[{"baseline":1,"target":2,"due":"2026-05-01"}] | missing_field | expected_outcomes[0].kpi
            kpi twice             | "decision_id":"d","expected_outcomes":[{"kpi":"sent","baseline":1,"target":2,"due":"2026-05-01"},{"kpi":"sent","baseline":1,"target":3,"due":"2026-05-01"}] | invalid_field | expected_outcomes[1].kpi: sent named twice
            baseline a string     | "decision_id":"d","expected_outcomes":[{"kpi":"sent","baseline":"1","target":2,"due":"2026-05-01"}] | invalid_field | expected_outcomes[0].baseline: not a number
            no target             | "decision_id":"d","expected_outcomes":[{"kpi":"sent","baseline":1,"due":"2026-05-01"}] | missing_field | expected_outcomes[0].target
            no due                | "decision_id":"d","expected_outcomes":[{"kpi":"sent","baseline":1,"target":2}] | missing_field | expected_outcomes[0].due
            due not a date        | "decision_id":"d","expected_outcomes":[{"kpi":"sent","baseline":1,"target":2,"due":"next quarter"}] | invalid_field | expected_outcomes[0].due: not a date (YYYY-MM-DD)
            due February 30       | "decision_id":"d","expected_outcomes":[{"kpi":"sent","baseline":1,"target":2,"due":"2026-02-30"}] | invalid_field | expected_outcomes[0].due: not a date (YYYY-MM-DD)
            due a number          | "decision_id":"d","expected_outcomes":[{"kpi":"sent","baseline":1,"target":2,"due":20260501}] | invalid_field | expected_outcomes[0].due: not a date (YYYY-MM-DD)
            review date a time    | "decision_id":"d","expected_outcomes":[],"review_date":"30/03/2026"      | invalid_field | review_date: not a date (YYYY-MM-DD)
            unknown status        | "decision_id":"d","expected_outcomes":[],"status":"done"                 | invalid_field | status: not proposed, approved, implemented or reverted
            negative cost         | "decision_id":"d","expected_outcomes":[],"cost_usd":-5                   | invalid_field | cost_usd: not a number of dollars ≥ 0 and below 10^12
            cost a string         | "decision_id":"d","expected_outcomes":[],"cost_usd":"1800"               | invalid_field | cost_usd: not a number of dollars ≥ 0 and below 10^12
            cost beyond numeric   | "decision_id":"d","expected_outcomes":[],"cost_usd":1e12                 | invalid_field | cost_usd: not a number of dollars ≥ 0 and below 10^12
            scope a string        | "decision_id":"d","expected_outcomes":[],"scope":"all"                   | invalid_field | scope: not {dimension, value} with a dimension of all, account, sending_domain, sending_ip, provider, recipient_domain
            scope unknown dim     | "decision_id":"d","expected_outcomes":[],"scope":{"dimension":"region","value":"eu"} | invalid_field | scope: not {dimension, value} with a dimension of all, account, sending_domain, sending_ip, provider, recipient_domain
            scope without value   | "decision_id":"d","expected_outcomes":[],"scope":{"dimension":"sending_ip"} | invalid_field | scope.value
            title a list          | "decision_id":"d","expected_outcomes":[],"title":["a"]                   | invalid_field | title
            """)
    void aMalformedDecisionIsADeadLetterNamingItsDefect(String name, String properties, String reason, String detail) {
        Parsed p = parse(properties);
        assertThat(p.kind()).as(name).isEqualTo(Kind.DEAD_LETTER);
        assertThat(p.reason()).as(name).isEqualTo(reason);
        assertThat(p.detail()).as(name).isEqualTo(detail);
    }

    @Test
    void aDecisionNeedsItsUuidAndTimestampLikeEveryEvent() {
        Parsed noUuid = parser.parse(("{\"event\":\"strategic_decision_event\",\"timestamp\":\"2026-03-02T16:03:05Z\","
                + "\"properties\":{\"decision_id\":\"d\",\"expected_outcomes\":[]}}").getBytes(StandardCharsets.UTF_8));
        assertThat(noUuid.reason()).isEqualTo(Reasons.MISSING_EVENT_ID);
        Parsed badTime = parser.parse(("{\"uuid\":\"u\",\"event\":\"strategic_decision_event\",\"timestamp\":\"yesterday\","
                + "\"properties\":{\"decision_id\":\"d\",\"expected_outcomes\":[]}}").getBytes(StandardCharsets.UTF_8));
        assertThat(badTime.reason()).isEqualTo(Reasons.BAD_TIMESTAMP);
        Parsed badProperties = parser.parse(("{\"uuid\":\"u\",\"event\":\"strategic_decision_event\","
                + "\"timestamp\":\"2026-03-02T16:03:05Z\",\"properties\":\"decision_id=d\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(badProperties.reason()).isEqualTo(Reasons.INVALID_FIELD);
        assertThat(badProperties.detail()).isEqualTo("properties");
    }
}
