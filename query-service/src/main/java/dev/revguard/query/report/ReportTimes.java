package dev.revguard.query.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A report's period bounds as people type them: an ISO-8601 time with an offset ({@code 2026-11-23T08:00:00Z}),
 * a local time ({@code 2026-11-23T08:00} or {@code 2026-11-23 08:00}) or a date ({@code 2026-11-23}, its 00:00),
 * the last two in {@code REPORT_TIMEZONE}.
 */
public final class ReportTimes {
    public static final Duration LONGEST = Duration.ofDays(366);
    public static final String EXPECTED = "must be a time such as 2026-11-23T08:00:00Z, 2026-11-23T08:00 or 2026-11-23 "
            + "(the last two in REPORT_TIMEZONE)";

    private ReportTimes() {}

    /** @throws IllegalArgumentException with {@link #EXPECTED} */
    public static Instant parse(String text, ZoneId zone) {
        String t = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // not with an offset
        }
        try {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // not a local time
        }
        try {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(EXPECTED);
        }
    }

    /** Why {@code [from, to)} cannot be reported on at {@code now}, naming the bound at fault; null when it can. */
    public static String[] problem(Instant from, Instant to, Instant now) {
        if (!from.isBefore(to)) {
            return new String[] {"to", "must be after from"};
        }
        if (to.isAfter(now.plusSeconds(60))) {
            return new String[] {"to", "is in the future: a report covers time that has passed"};
        }
        if (Duration.between(from, to).compareTo(LONGEST) > 0) {
            return new String[] {"from", "the period is longer than 366 days"};
        }
        return null;
    }
}
