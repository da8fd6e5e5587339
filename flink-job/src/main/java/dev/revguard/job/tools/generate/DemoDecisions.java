package dev.revguard.job.tools.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.job.source.Sources;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The strategic decisions the generated traffic's business made, as PostHog
 * {@code strategic_decision_event}s, written once when the traffic starts. Their KPIs are ones the
 * traffic itself moves, so that every status of the decision tracker shows up (with the
 * {@code domain-degrades} scenario and {@code scripts/demo-data.sql}'s infrastructure):
 * <ul>
 *   <li>{@code dec-demo-clean-list}: bring {@link Senders#DEGRADING_DOMAIN}'s bounce rate from 25 %
 *       to 10 % — at risk while the domain degrades, achieved once its recovery has brought the
 *       7-day rate under 10 % (about 10 minutes in); sent as two versions, the revision first;</li>
 *   <li>{@code dec-demo-under-2pct}: the same domain under 2 % within days — at risk;</li>
 *   <li>{@code dec-demo-deliverability}: all traffic's deliverability from 90 % to 99 % over a month
 *       (on track), an efficiency score target, and an {@code open_rate} revguard does not know;</li>
 *   <li>{@code dec-demo-cut-cost}: infrastructure down to $500 a month, due 10 days ago — missed
 *       (the demo's IPs and servers cost $635);</li>
 *   <li>{@code dec-demo-retire-ip}: retire IP 198.51.100.12 — achieved (its cost is gone);</li>
 *   <li>{@code dec-demo-new-ip}: a bounce-rate target on an IP that sends nothing — no data.</li>
 * </ul>
 */
public final class DemoDecisions {
    private static final long DAY = Duration.ofDays(1).toMillis();

    private DemoDecisions() {}

    /** The decisions as of {@code now} (epoch ms): made days before it, due relative to its day. */
    public static List<SourceRecord> at(long now, Random random) {
        LocalDate today = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate();
        List<SourceRecord> out = new ArrayList<>();
        // The revision (later event time) is written before the version it revises.
        out.add(decision(now - 7 * DAY + 3_600_000, random, "dec-demo-clean-list", "deliverability",
                "deliverability-lead@acme.example", "Clean the mail.degrading.example list", "implemented", 2500.0,
                "sending_domain", Senders.DEGRADING_DOMAIN, today.plusDays(7),
                outcome("bounce_rate", 0.25, 0.10, today.plusDays(21)),
                outcome("revenue_risk_usd", 900, 100, today.plusDays(21))));
        out.add(decision(now - 7 * DAY, random, "dec-demo-clean-list", "deliverability",
                "deliverability-lead@acme.example", "Clean the mail.degrading.example list", "approved", 2000.0,
                "sending_domain", Senders.DEGRADING_DOMAIN, today.plusDays(7),
                outcome("bounce_rate", 0.25, 0.05, today.plusDays(21))));
        out.add(decision(now - 25 * DAY, random, "dec-demo-under-2pct", "deliverability", "cmo@acme.example",
                "Bring mail.degrading.example under 2 % bounces", "approved", 1200.0,
                "sending_domain", Senders.DEGRADING_DOMAIN, today.minusDays(2),
                outcome("bounce_rate", 0.25, 0.02, today.plusDays(3))));
        out.add(decision(now - DAY, random, "dec-demo-deliverability", "infrastructure", "cto@acme.example",
                "Dedicated IP pools for the large senders", "approved", 5000.0, "all", "all", today.plusDays(14),
                outcome("deliverability_rate", 0.90, 0.99, today.plusDays(30)),
                outcome("efficiency_score", 55, 80, today.plusDays(30)),
                outcome("open_rate", 0.20, 0.25, today.plusDays(30))));
        out.add(decision(now - 40 * DAY, random, "dec-demo-cut-cost", "cost_optimization", "cfo@acme.example",
                "Cut the email infrastructure to $500 a month", "implemented", 300.0, "all", "all", today.minusDays(5),
                outcome("total_cost_usd", 700, 500, today.minusDays(10))));
        out.add(decision(now - 45 * DAY, random, "dec-demo-retire-ip", "cost_optimization", "cfo@acme.example",
                "Retire IP 198.51.100.12", "implemented", 50.0, "all", "all", null,
                outcome("total_cost_usd", 675, 640, today.minusDays(5))));
        out.add(decision(now - 3 * DAY, random, "dec-demo-new-ip", "infrastructure", "deliverability-lead@acme.example",
                "Warm up 198.51.100.9 for the spring launch", "proposed", null, "sending_ip", "198.51.100.9",
                today.plusDays(3), outcome("bounce_rate", 0.03, 0.01, today.plusDays(20))));
        return out;
    }

    private static ObjectNode outcome(String kpi, double baseline, double target, LocalDate due) {
        ObjectNode o = Json.object();
        o.put("kpi", kpi);
        o.put("baseline", baseline);
        o.put("target", target);
        o.put("due", due.toString());
        return o;
    }

    private static SourceRecord decision(long t, Random random, String id, String type, String maker, String title,
            String status, Double costUsd, String scopeDimension, String scopeValue, LocalDate reviewDate,
            ObjectNode... outcomes) {
        String uuid = Ids.uuidV7(t, random).toString();
        ObjectNode e = Json.object();
        e.put("uuid", uuid);
        e.put("event", "strategic_decision_event");
        e.put("distinct_id", maker);
        e.put("timestamp", Ids.isoMillis(t));
        ObjectNode p = e.putObject("properties");
        p.put("decision_id", id);
        p.put("decision_type", type);
        p.put("maker", maker);
        p.put("title", title);
        ArrayNode list = p.putArray("expected_outcomes");
        for (ObjectNode o : outcomes) {
            list.add(o);
        }
        if (reviewDate != null) {
            p.put("review_date", reviewDate.toString());
        }
        p.put("status", status);
        if (costUsd != null) {
            p.put("cost_usd", costUsd);
        }
        ObjectNode scope = p.putObject("scope");
        scope.put("dimension", scopeDimension);
        scope.put("value", scopeValue);
        p.put("$lib", "posthog-node");
        return new SourceRecord(Sources.POSTHOG, null, uuid, t, e, false);
    }
}
