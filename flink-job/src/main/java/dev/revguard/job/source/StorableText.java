package dev.revguard.job.source;

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
            if (!storable(values[i], keys)) {
                bad.add(names[i]);
            }
        }
        return bad;
    }

    /**
     * Whether the tables can hold {@code v}; without allocating, as every event's values pass here: a value of at
     * most a third of the limit in chars fits whatever its characters (UTF-8 takes at most 3 bytes per char).
     */
    static boolean storable(String v, boolean key) {
        if (v == null) {
            return true;
        }
        if (v.indexOf('\u0000') >= 0) {
            return false;
        }
        return !key || v.length() <= MAX_KEY_BYTES / 3 || utf8Length(v) <= MAX_KEY_BYTES;
    }

    private static long utf8Length(String v) {
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair: 4 bytes
        }
        return n;
    }

    /** The dimension values of {@code e} the tables cannot hold (checked first without allocating). */
    static List<String> faults(DeliveryEvent e) {
        if (storable(e.accountId(), true) && storable(e.sendingDomain(), true) && storable(e.sendingIp(), true)
                && storable(e.provider(), true) && storable(e.recipientDomain(), true)) {
            return List.of();
        }
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
