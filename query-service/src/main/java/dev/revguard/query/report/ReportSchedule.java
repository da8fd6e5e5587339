package dev.revguard.query.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When scheduled reports are made ({@code REPORT_SCHEDULE}): {@code daily HH:MM}, {@code weekly DAY HH:MM}
 * ({@code MON} … {@code SUN}) or {@code monthly DD HH:MM} (day 1 to 31; a shorter month's last day stands
 * in), at the wall-clock time of {@code REPORT_TIMEZONE}. A slot's report covers the time since the slot
 * before it: a day, a week or a month of that zone's clock (23 or 25 hours on a daylight-saving day).
 */
public final class ReportSchedule {
    public enum Every { DAILY, WEEKLY, MONTHLY }

    private static final Pattern FORMAT = Pattern.compile(
            "(?i)\\s*(daily|weekly\\s+([a-z]+)|monthly\\s+(\\d{1,2}))\\s+(\\d{1,2}):(\\d{2})\\s*");

    private final Every every;
    private final DayOfWeek day;
    private final int dayOfMonth;
    private final LocalTime time;
    private final ZoneId zone;

    private ReportSchedule(Every every, DayOfWeek day, int dayOfMonth, LocalTime time, ZoneId zone) {
        this.every = every;
        this.day = day;
        this.dayOfMonth = dayOfMonth;
        this.time = time;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException saying what is wrong, for the start-up message */
    public static ReportSchedule parse(String text, ZoneId zone) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected 'daily HH:MM', 'weekly DAY HH:MM' (DAY one of MON, TUE, WED, THU, "
                    + "FRI, SAT, SUN) or 'monthly DD HH:MM' (DD from 1 to 31), such as 'weekly MON 08:00'");
        }
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        if (hour > 23 || minute > 59) {
            throw new IllegalArgumentException("the time " + m.group(4) + ":" + m.group(5) + " is not a time of day (00:00 to 23:59)");
        }
        LocalTime time = LocalTime.of(hour, minute);
        String kind = m.group(1).toLowerCase(Locale.ROOT);
        if (kind.startsWith("daily")) {
            return new ReportSchedule(Every.DAILY, null, 0, time, zone);
        }
        if (kind.startsWith("weekly")) {
            return new ReportSchedule(Every.WEEKLY, dayOfWeek(m.group(2)), 0, time, zone);
        }
        int dd = Integer.parseInt(m.group(3));
        if (dd < 1 || dd > 31) {
            throw new IllegalArgumentException("the day of the month " + dd + " is not from 1 to 31");
        }
        return new ReportSchedule(Every.MONTHLY, null, dd, time, zone);
    }

    private static DayOfWeek dayOfWeek(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(n) || d.name().substring(0, 3).equals(n)) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a day of the week (MON, TUE, WED, THU, FRI, SAT, SUN)");
    }

    public ZoneId zone() {
        return zone;
    }

    public Every every() {
        return every;
    }

    /** The latest slot at or before {@code now}. */
    public Instant latestAtOrBefore(Instant now) {
        LocalDate date = now.atZone(zone).toLocalDate().plusDays(1);
        while (true) {
            ZonedDateTime slot = slotOn(date);
            if (slot != null && !slot.toInstant().isAfter(now)) {
                return slot.toInstant();
            }
            date = date.minusDays(1);
        }
    }

    /** The slot before {@code slot}: where its report's period starts. */
    public Instant previous(Instant slot) {
        return latestAtOrBefore(slot.minusMillis(1));
    }

    /** The first slot after {@code t}. */
    public Instant next(Instant t) {
        LocalDate date = t.atZone(zone).toLocalDate().minusDays(1);
        while (true) {
            ZonedDateTime slot = slotOn(date);
            if (slot != null && slot.toInstant().isAfter(t)) {
                return slot.toInstant();
            }
            date = date.plusDays(1);
        }
    }

    /** The slots in {@code (after, until]}, oldest first, at most {@code limit} (the latest ones). */
    public List<Instant> slotsBetween(Instant after, Instant until, int limit) {
        List<Instant> slots = new ArrayList<>();
        Instant s = latestAtOrBefore(until);
        while (s.isAfter(after) && slots.size() < limit) {
            slots.add(0, s);
            s = previous(s);
        }
        return slots;
    }

    /** The slot on a date of the zone's calendar, or null when the schedule has none that day. */
    private ZonedDateTime slotOn(LocalDate date) {
        boolean due = switch (every) {
            case DAILY -> true;
            case WEEKLY -> date.getDayOfWeek() == day;
            case MONTHLY -> date.getDayOfMonth() == Math.min(dayOfMonth, date.lengthOfMonth());
        };
        return due ? ZonedDateTime.of(date, time, zone) : null;
    }

    @Override
    public String toString() {
        String t = time.toString();
        return switch (every) {
            case DAILY -> "daily " + t;
            case WEEKLY -> "weekly " + day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT) + " " + t;
            case MONTHLY -> "monthly " + String.format(Locale.ROOT, "%02d", dayOfMonth) + " " + t;
        } + " " + zone.getId();
    }
}
