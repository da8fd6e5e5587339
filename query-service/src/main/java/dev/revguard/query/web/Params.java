package dev.revguard.query.web;

import static dev.revguard.query.web.ApiException.badParameter;

import dev.revguard.common.Dimension;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks query parameters; every problem is a 400 naming the parameter. */
public final class Params {
    public static final List<String> DIMENSIONS = Dimension.labels();
    private static final Pattern DURATION = Pattern.compile("(\\d+)(m|h|d)");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");

    private Params() {}

    /**
     * A query parameter as text PostgreSQL can store: a NUL byte or a character that is not valid
     * UTF-8 (decoded as U+FFFD) is a bad parameter, not a database error.
     */
    public static String text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v != null && (v.indexOf('\u0000') >= 0 || v.indexOf('\uFFFD') >= 0)) {
            throw badParameter(name, "must not contain a NUL byte or bytes that are not UTF-8");
        }
        return v;
    }

    public static String dimension(Context ctx, String dflt) {
        String d = text(ctx, "dimension");
        if (d == null || d.isBlank()) {
            if (dflt == null) throw ApiException.badParameter("dimension", "required, one of " + String.join(", ", DIMENSIONS));
            return dflt;
        }
        if (!DIMENSIONS.contains(d)) {
            throw ApiException.badParameter("dimension", "must be one of " + String.join(", ", DIMENSIONS));
        }
        return d;
    }

    /** The dimension value; {@code all} needs none. */
    public static String value(Context ctx, String dimension) {
        String v = text(ctx, "value");
        if (v == null || v.isBlank()) {
            if ("all".equals(dimension)) return "all";
            throw ApiException.badParameter("value", "required for dimension " + dimension);
        }
        if (v.length() > 255) {
            throw ApiException.badParameter("value", "longer than 255 characters");
        }
        return v;
    }

    public static int integer(Context ctx, String name, int dflt, int min, int max) {
        String v = text(ctx, name);
        if (v == null || v.isBlank()) return dflt;
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "must be a whole number from " + min + " to " + max);
        }
    }

    public static Instant time(Context ctx, String name, Instant dflt) {
        String v = text(ctx, name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "must be an ISO-8601 time with an offset, such as 2026-11-24T10:00:00Z");
        }
    }

    /** A step of whole minutes: {@code 1m}, {@code 15m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5M}). */
    public static Duration step(Context ctx, String name, Duration dflt) {
        String v = text(ctx, name);
        if (v == null || v.isBlank()) return dflt;
        Duration d = duration(v, name, "must be a duration such as 1m, 15m, 1h or PT5M");
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.toSeconds() % 60 != 0) {
            throw ApiException.badParameter(name, "must be a whole number of minutes, at least 1m");
        }
        return d;
    }

    /** {@code 90m}, {@code 24h}, {@code 7d} or ISO-8601; anything else is a bad parameter. */
    private static Duration duration(String v, String name, String expected) {
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw badParameter(name, expected);
        }
    }

    /** A calendar month {@code YYYY-MM}. */
    public static YearMonth month(Context ctx, String name, YearMonth dflt) {
        String v = text(ctx, name);
        if (v == null || v.isBlank()) return dflt;
        Matcher m = MONTH.matcher(v.trim());
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 12) {
            throw badParameter(name, "must be a month such as 2026-11 (YYYY-MM)");
        }
        return YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** A period {@code [now - period, now)}: {@code 24h}, {@code 7d}, {@code 90m} or ISO-8601 ({@code PT24H}), at most 400 days. */
    public static Duration period(Context ctx, String name, Duration dflt) {
        String v = text(ctx, name);
        if (v == null || v.isBlank()) return dflt;
        Duration d = duration(v, name, "must be a duration such as 24h, 7d or PT24H");
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(400)) > 0) {
            throw badParameter(name, "must be between 1m and 400d");
        }
        return d;
    }
}
