package dev.revguard.query.report;

import dev.revguard.query.summary.Kpi;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a report prints its figures: dollars with cents, rates as percentages, counts grouped, times in the report's zone. */
public final class ReportFormat {
    static final String NONE = "–";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private ReportFormat() {}

    /** {@code $1,234.56}; a negative amount {@code −$1.00}. */
    public static String usd(Double v) {
        if (v == null) return NONE;
        String s = String.format(Locale.US, "$%,.2f", Math.abs(v));
        return v < 0 && Math.abs(v) >= 0.005 ? "−" + s : s;
    }

    /** A cost per email: {@code $0.000412}. */
    public static String usdPerEmail(Double v) {
        return v == null ? NONE : String.format(Locale.US, "$%.6f", v);
    }

    /** A ratio as a percentage with two decimals: {@code 97.12 %}. */
    public static String percent(Double ratio) {
        return ratio == null ? NONE : String.format(Locale.US, "%.2f %%", ratio * 100);
    }

    public static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    /** A score 0..100 with one decimal: {@code 82.4}. */
    public static String score(Double v) {
        return v == null ? NONE : String.format(Locale.US, "%.1f", v);
    }

    /** A KPI's value as the report prints it. */
    public static String kpiValue(Kpi k, Number v) {
        if (v == null) return NONE;
        return switch (k.unit()) {
            case "ratio" -> percent(v.doubleValue());
            case "usd" -> "cost_per_email_usd".equals(k.kpi()) ? usdPerEmail(v.doubleValue()) : usd(v.doubleValue());
            case "count" -> count(v.longValue());
            default -> score(v.doubleValue());
        };
    }

    /** A KPI's change, signed: percentage points for rates ({@code +0.31 pt}), dollars, counts, score points. */
    public static String kpiChange(Kpi k) {
        Number c = k.change();
        if (c == null) return NONE;
        double d = c.doubleValue();
        String sign = d > 0 ? "+" : d < 0 ? "−" : "±";
        return switch (k.unit()) {
            case "ratio" -> sign + String.format(Locale.US, "%.2f pt", Math.abs(d) * 100);
            case "usd" -> sign + ("cost_per_email_usd".equals(k.kpi()) ? usdPerEmail(Math.abs(d)) : usd(Math.abs(d)));
            case "count" -> sign + count(Math.abs(c.longValue()));
            default -> sign + String.format(Locale.US, "%.1f", Math.abs(d));
        };
    }

    /** {@code 14 min}, {@code 3 h 2 min}, {@code 2 d 4 h}; under a minute {@code 40 s}. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + " s";
        long m = s / 60;
        if (m < 60) return m + " min";
        long h = m / 60;
        if (h < 48) return h + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
        return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
    }

    public static String dateTime(Instant t, ZoneId zone) {
        return DATE_TIME.format(t.atZone(zone));
    }

    public static String date(Instant t, ZoneId zone) {
        return DATE.format(t.atZone(zone));
    }

    public static String shortDateTime(Instant t, ZoneId zone) {
        return SHORT.format(t.atZone(zone));
    }

    /** {@code [from, to)} in words, e.g. {@code Mon 23 Nov 2026 08:00 – Mon 30 Nov 2026 08:00 (Europe/Berlin)}. */
    public static String period(Instant from, Instant to, ZoneId zone) {
        return dateTime(from, zone) + " – " + dateTime(to, zone) + " (" + zone.getId() + ")";
    }
}
