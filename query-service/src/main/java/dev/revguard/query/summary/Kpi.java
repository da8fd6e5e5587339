package dev.revguard.query.summary;

import dev.revguard.query.web.Money;
import java.util.Map;

/**
 * One KPI of the last 24 h with the 24 h before: {@code change = value − previous} (null when either
 * is missing), and whether that is {@code improved}, {@code worsened}, {@code unchanged} or {@code no_data}.
 *
 * @param unit {@code ratio}, {@code usd}, {@code count} or {@code score} (0..100)
 * @param better {@code higher} or {@code lower}
 */
public record Kpi(String kpi, String label, String unit, Number value, Number previous, Number change, String better,
        String direction, Map<String, Object> inputs) {

    static Kpi of(String kpi, String label, String unit, String better, Number value, Number previous,
            Map<String, Object> inputs) {
        Number change = null;
        String direction = "no_data";
        if (value != null && previous != null) {
            double d = value.doubleValue() - previous.doubleValue();
            if (value instanceof Long && previous instanceof Long) {
                change = value.longValue() - previous.longValue();
            } else {
                change = "usd".equals(unit) && !"cost_per_email_usd".equals(kpi) ? Money.cents(d) : d;
            }
            double c = change.doubleValue();
            direction = c == 0 ? "unchanged" : (c > 0) == "higher".equals(better) ? "improved" : "worsened";
        }
        return new Kpi(kpi, label, unit, value, previous, change, better, direction, inputs);
    }
}
