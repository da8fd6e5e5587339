package dev.revguard.job.source;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of ISO-8601-like timestamps every source uses: {@code T} or a space between date
 * and time, 0 to 9 fractional digits, and {@code Z}, an offset ({@code +02:00}, {@code +0200},
 * also after a space as in {@code 2026-03-02T14:05:20 +0000}) or no zone at all (UTC). The result
 * is truncated to milliseconds, never rounded (so {@code 16:00:59.999999999} stays in 16:00).
 */
public final class Timestamps {
    private Timestamps() {}

    private static final Pattern FORM = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})? ?(Z|[+-]\\d{2}(?::?\\d{2})?)?");

    /** Epoch milliseconds; throws {@link DateTimeParseException} for anything else. */
    public static long parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new DateTimeParseException("not an ISO-8601 timestamp", String.valueOf(text), 0);
        }
        try {
            LocalDateTime local = LocalDateTime.parse(
                    m.group(1) + "T" + m.group(2) + (m.group(3) == null ? "" : m.group(3)));
            String zone = m.group(4);
            ZoneOffset offset = zone == null || zone.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(zone.length() == 5
                    ? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
            return local.toInstant(offset).toEpochMilli();
        } catch (DateTimeException e) {
            // An offset out of range (+19:00) is a DateTimeException, not a parse exception; callers catch one kind.
            throw new DateTimeParseException(e.getMessage(), text, 0, e);
        }
    }
}
