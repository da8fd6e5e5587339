package dev.revguard.job.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tables can hold of a parsed event's text: PostgreSQL's {@code text} and {@code jsonb} hold no NUL
 * character, and a value rows are keyed by (a dimension value, a decision id, a KPI) must fit in one index
 * entry, at most 2,704 bytes. A row PostgreSQL refuses would fail the sink at every retry, so such an event is
 * a dead letter ({@code invalid_field}) instead.
 */
final class StorableText {
    private StorableText() {}

    /** The longest value, in UTF-8 bytes, that rows are keyed by: far above any domain, IP or account id. */
    static final int MAX_KEY_BYTES = 1024;

    /** The names of the fields among {@code names}/{@code values} the tables cannot hold; empty when all fit. */
    static List<String> faults(String[] names, String[] values, boolean keys) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String v = values[i];
            if (v != null && (v.indexOf('\u0000') >= 0 || keys && v.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES)) {
                bad.add(names[i]);
            }
        }
        return bad;
    }

    /** The dimension values of {@code e} the tables cannot hold. */
    static List<String> faults(DeliveryEvent e) {
        return faults(new String[] {"account_id", "sending_domain", "sending_ip", "provider", "recipient_domain"},
                new String[] {e.accountId(), e.sendingDomain(), e.sendingIp(), e.provider(), e.recipientDomain()}, true);
    }

    /** The fields of {@code d} the tables cannot hold. */
    static List<String> faults(Decision d) {
        List<String> bad = faults(new String[] {"decision_id", "scope.value"}, new String[] {d.decisionId(), d.scopeValue()}, true);
        bad.addAll(faults(new String[] {"uuid", "decision_type", "maker", "title"},
                new String[] {d.eventId(), d.decisionType(), d.maker(), d.title()}, false));
        // The outcomes are written as JSON, where a NUL is the escape \u0000 (jsonb refuses it too).
        if (d.outcomesJson().contains("\\u0000")) {
            bad.add("expected_outcomes");
        }
        return bad;
    }
}
