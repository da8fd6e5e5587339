package dev.revguard.query.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks query parameters; every problem is a 400 naming the parameter. */
public final class Params {
    public static final List<String> DIMENSIONS =
            List.of("all", "account", "sending_domain", "sending_ip", "provider", "recipient_domain");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(m|h|d)");

    private Params() {}

    public static String dimension(Context ctx, String dflt) {
        String d = ctx.queryParam("dimension");
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
        String v = ctx.queryParam("value");
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
        String v = ctx.queryParam(name);
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
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "must be an ISO-8601 time with an offset, such as 2026-11-24T10:00:00Z");
        }
    }

    /** A step of whole minutes: {@code 1m}, {@code 15m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5M}). */
    public static Duration step(Context ctx, String name, Duration dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        Duration d;
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.parse(v.trim().toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw ApiException.badParameter(name, "must be a duration such as 1m, 15m, 1h or PT5M");
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.toSeconds() % 60 != 0) {
            throw ApiException.badParameter(name, "must be a whole number of minutes, at least 1m");
        }
        return d;
    }
}
