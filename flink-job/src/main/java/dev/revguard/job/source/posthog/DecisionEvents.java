package dev.revguard.job.source.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.common.Dimension;
import dev.revguard.job.source.Decision;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.RecordJson;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * The properties of a {@code strategic_decision_event} as a {@link Decision}, or the dead letter
 * of its first defect, checked in this order: {@code decision_id} (required, a string or number),
 * {@code expected_outcomes} (required, a list; each element an object with a non-blank
 * {@code kpi} named once, numbers {@code baseline} and {@code target}, and a {@code due} date
 * {@code YYYY-MM-DD}; an empty list is a decision without outcomes), {@code review_date} (a date
 * when present), {@code status} (one of the four when present, {@code proposed} when absent),
 * {@code cost_usd} (a number ≥ 0 when present), {@code scope} (an object whose {@code dimension}
 * is one of revguard's dimensions and whose {@code value} is a string, {@code all} when absent),
 * and the free texts {@code decision_type}, {@code maker}, {@code title} (strings when present).
 */
final class DecisionEvents {
    static final String EVENT = "strategic_decision_event";
    static final Set<String> STATUSES = Set.of("proposed", "approved", "implemented", "reverted");
    /** The largest cost {@code strategic_decisions.cost_usd} (numeric(14,2)) holds. */
    static final double MAX_COST_USD = 999_999_999_999.99;

    private DecisionEvents() {}

    static Parsed parse(JsonNode props, String eventId, long time) {
        JsonNode id = props.get("decision_id");
        if (missing(id)) {
            return Parsed.deadLetter(Reasons.MISSING_FIELD, "decision_id");
        }
        if (!id.isTextual() && !id.isIntegralNumber()) {
            return Parsed.deadLetter(Reasons.INVALID_FIELD, "decision_id");
        }
        JsonNode outcomes = props.get("expected_outcomes");
        if (outcomes == null || outcomes.isNull()) {
            return Parsed.deadLetter(Reasons.MISSING_FIELD, "expected_outcomes");
        }
        if (!outcomes.isArray()) {
            return Parsed.deadLetter(Reasons.INVALID_FIELD, "expected_outcomes: not a list");
        }
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        Set<String> kpis = new HashSet<>();
        for (int i = 0; i < outcomes.size(); i++) {
            String at = "expected_outcomes[" + i + "]";
            JsonNode o = outcomes.get(i);
            if (!o.isObject()) {
                return Parsed.deadLetter(Reasons.INVALID_FIELD, at + ": not an object");
            }
            JsonNode kpi = o.get("kpi");
            if (missing(kpi) || !kpi.isTextual()) {
                return Parsed.deadLetter(missing(kpi) ? Reasons.MISSING_FIELD : Reasons.INVALID_FIELD, at + ".kpi");
            }
            if (!kpis.add(kpi.textValue())) {
                return Parsed.deadLetter(Reasons.INVALID_FIELD, at + ".kpi: " + RecordJson.abbreviate(kpi.textValue())
                        + " named twice");
            }
            ObjectNode row = rows.addObject();
            row.put("kpi", kpi.textValue());
            for (String number : new String[] {"baseline", "target"}) {
                JsonNode n = o.get(number);
                if (n == null || n.isNull()) {
                    return Parsed.deadLetter(Reasons.MISSING_FIELD, at + "." + number);
                }
                if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
                    return Parsed.deadLetter(Reasons.INVALID_FIELD, at + "." + number + ": not a number");
                }
                row.put(number, n.doubleValue());
            }
            JsonNode due = o.get("due");
            if (missing(due)) {
                return Parsed.deadLetter(Reasons.MISSING_FIELD, at + ".due");
            }
            String dueDate = date(due);
            if (dueDate == null) {
                return Parsed.deadLetter(Reasons.INVALID_FIELD, at + ".due: not a date (YYYY-MM-DD)");
            }
            row.put("due", dueDate);
        }

        String reviewDate = null;
        JsonNode review = props.get("review_date");
        if (!missing(review)) {
            reviewDate = date(review);
            if (reviewDate == null) {
                return Parsed.deadLetter(Reasons.INVALID_FIELD, "review_date: not a date (YYYY-MM-DD)");
            }
        }
        String status = "proposed";
        JsonNode s = props.get("status");
        if (!missing(s)) {
            if (!s.isTextual() || !STATUSES.contains(s.textValue())) {
                return Parsed.deadLetter(Reasons.INVALID_FIELD, "status: not proposed, approved, implemented or reverted");
            }
            status = s.textValue();
        }
        Double cost = null;
        JsonNode c = props.get("cost_usd");
        if (c != null && !c.isNull()) {
            if (!c.isNumber() || !Double.isFinite(c.doubleValue()) || c.doubleValue() < 0 || c.doubleValue() > MAX_COST_USD) {
                return Parsed.deadLetter(Reasons.INVALID_FIELD, "cost_usd: not a number of dollars ≥ 0 and below 10^12");
            }
            cost = c.doubleValue();
        }
        String scopeDimension = Dimension.ALL.label();
        String scopeValue = Dimension.ALL.label();
        JsonNode scope = props.get("scope");
        if (scope != null && !scope.isNull()) {
            JsonNode d = scope.get("dimension");
            JsonNode v = scope.get("value");
            if (!scope.isObject() || d == null || !d.isTextual() || Dimension.ofLabel(d.textValue()) == null) {
                return Parsed.deadLetter(Reasons.INVALID_FIELD, "scope: not {dimension, value} with a dimension of "
                        + String.join(", ", Dimension.labels()));
            }
            scopeDimension = d.textValue();
            if (!Dimension.ALL.label().equals(scopeDimension)) {
                if (missing(v) || !v.isTextual()) {
                    return Parsed.deadLetter(Reasons.INVALID_FIELD, "scope.value");
                }
                scopeValue = v.textValue();
            }
        }
        String[] texts = new String[3];
        String[] names = {"decision_type", "maker", "title"};
        for (int i = 0; i < names.length; i++) {
            JsonNode t = props.get(names[i]);
            if (t != null && !t.isNull() && !t.isTextual()) {
                return Parsed.deadLetter(Reasons.INVALID_FIELD, names[i]);
            }
            texts[i] = t == null || t.isNull() ? null : t.textValue();
        }
        return Parsed.decision(new Decision(id.asText(), eventId, time, texts[0], texts[1], texts[2], reviewDate, status,
                cost, scopeDimension, scopeValue, rows.toString()));
    }

    /** {@code YYYY-MM-DD} as it is, or null when the node is no such date. */
    private static String date(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return LocalDate.parse(node.textValue()).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean missing(JsonNode v) {
        return v == null || v.isNull() || v.isTextual() && v.textValue().isBlank();
    }
}
