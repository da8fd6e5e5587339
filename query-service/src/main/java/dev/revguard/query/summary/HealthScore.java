package dev.revguard.query.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The business health score {@code 100 × (0.4 S + 0.3 E + 0.2 P + 0.1 A)}: pure arithmetic on the
 * figures the summary gathers. A term without data (S: the {@code all} gauge is insufficient_data or
 * missing; P: no sending-IP traffic in 7 days) is left out with weight 0 and value null, and the
 * others' weights are divided by the sum of the weights left, as SPEC's {@code ÷ 0.6} for S.
 */
public final class HealthScore {
    public static final String FORMULA = "100 × (0.4 × S + 0.3 × E + 0.2 × P + 0.1 × A)";
    static final double W_SEVERITY = 0.4;
    static final double W_EFFICIENCY = 0.3;
    static final double W_REPUTATION = 0.2;
    static final double W_ALERTS = 0.1;

    private HealthScore() {}

    /** One term: weight, value in [0, 1] (null when left out), how it was computed and from what. */
    public record Term(double weight, Double value, String rule, Map<String, Object> inputs) {}

    public record Health(double score, String formula, Map<String, Term> terms) {}

    /**
     * @param severity the {@code all} gauge's severity, null without one
     * @param efficiencyScore the efficiency score 0..100 of the last 24 h
     * @param sentHighOrMedium 7-day sent of sending IPs rated high or medium
     * @param sentAllIps 7-day sent of every sending IP value
     * @param critical firing critical alerts
     * @param warning firing warning alerts
     */
    public static Health of(String severity, double efficiencyScore, long sentHighOrMedium, long sentAllIps, long critical,
            long warning) {
        Term s = severity(severity);
        Term e = efficiency(efficiencyScore);
        Term p = reputation(sentHighOrMedium, sentAllIps);
        Term a = alerts(critical, warning);
        List<Term> present = new ArrayList<>();
        for (Term t : List.of(s, e, p, a)) {
            if (t.value() != null) present.add(t);
        }
        double total = present.stream().mapToDouble(Term::weight).sum();
        Map<String, Term> terms = new LinkedHashMap<>();
        terms.put("severity", scaled(s, total));
        terms.put("efficiency", scaled(e, total));
        terms.put("reputation", scaled(p, total));
        terms.put("alerts", scaled(a, total));
        double score = 0;
        for (Term t : present) {
            score += t.weight() * t.value();
        }
        score = 100 * score / total;
        return new Health(score, formula(s, p, total), terms);
    }

    private static Term scaled(Term t, double total) {
        return t.value() == null ? new Term(0, null, t.rule(), t.inputs())
                : new Term(t.weight() / total, t.value(), t.rule(), t.inputs());
    }

    private static String formula(Term s, Term p, double total) {
        if (s.value() != null && p.value() != null) {
            return FORMULA;
        }
        List<String> parts = new ArrayList<>();
        if (s.value() != null) parts.add("0.4 × S");
        parts.add("0.3 × E");
        if (p.value() != null) parts.add("0.2 × P");
        parts.add("0.1 × A");
        return "100 × (" + String.join(" + ", parts) + ") ÷ " + (double) Math.round(total * 10) / 10;
    }

    static Term severity(String severity) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("severity", severity);
        Double value = severity == null ? null : switch (severity) {
            case "healthy" -> 1.0;
            case "monitor" -> 0.67;
            case "warning" -> 0.33;
            case "critical" -> 0.0;
            default -> null;
        };
        String rule = value != null ? "the severity of all traffic: healthy 1, monitor 0.67, warning 0.33, critical 0"
                : severity == null ? "no evaluation of all traffic: left out, the other weights scaled up"
                : "all traffic is insufficient_data: left out, the other weights scaled up";
        return new Term(W_SEVERITY, value, rule, in);
    }

    static Term efficiency(double efficiencyScore) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("efficiency_score", efficiencyScore);
        return new Term(W_EFFICIENCY, efficiencyScore / 100, "the efficiency score of the last 24 h ÷ 100", in);
    }

    static Term reputation(long sentHighOrMedium, long sentAllIps) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("sent_high_or_medium", sentHighOrMedium);
        in.put("sent_all_ips", sentAllIps);
        if (sentAllIps == 0) {
            return new Term(W_REPUTATION, null, "no sending-IP traffic in the last 7 days: left out, the other weights scaled up", in);
        }
        return new Term(W_REPUTATION, (double) sentHighOrMedium / sentAllIps,
                "7-day sent of sending IPs rated high or medium ÷ 7-day sent of all sending IPs", in);
    }

    static Term alerts(long critical, long warning) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("critical", critical);
        in.put("warning", warning);
        return new Term(W_ALERTS, Math.max(0, 1 - 0.5 * critical - 0.2 * warning),
                "max(0, 1 − 0.5 × critical − 0.2 × warning) over firing alerts", in);
    }
}
