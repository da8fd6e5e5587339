package dev.revguard.query.report;

import dev.revguard.common.settings.Settings;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * The executive reports' settings.
 *
 * @param schedule {@code REPORT_SCHEDULE}, or null: no scheduled reports
 * @param zone {@code REPORT_TIMEZONE} (default UTC): the schedule's clock and the reports' times
 * @param paper {@code REPORT_PAPER}: {@code a4} (default) or {@code letter}
 * @param catchUpLimit {@code REPORT_CATCH_UP_LIMIT}: at most this many missed slots are made at a start
 * @param checkEvery how often an instance looks for a due slot and for undelivered e-mail
 * @param retryFirst {@code REPORT_RETRY_FIRST}: the wait after the first failed delivery, doubled after each
 * @param retryMax {@code REPORT_RETRY_MAX}: the longest wait between attempts
 * @param maxAttempts {@code REPORT_DELIVERY_ATTEMPTS}: after this many failures the delivery is {@code failed}
 * @param smtp null without {@code SMTP_URL}
 */
public record ReportSettings(
        ReportSchedule schedule,
        ZoneId zone,
        String paper,
        int catchUpLimit,
        Duration checkEvery,
        Duration retryFirst,
        Duration retryMax,
        int maxAttempts,
        SmtpSettings smtp) {

    public static ReportSettings read(Settings s) {
        ZoneId zone = s.parsed("REPORT_TIMEZONE", ZoneId.of("UTC"),
                "expected a time zone such as Europe/Berlin, America/New_York or UTC", ZoneId::of);
        ReportSchedule schedule = null;
        String raw = s.raw("REPORT_SCHEDULE");
        if (raw != null && !raw.isBlank()) {
            try {
                schedule = ReportSchedule.parse(raw, zone);
            } catch (IllegalArgumentException | DateTimeException e) {
                s.problem("REPORT_SCHEDULE=" + raw + ": " + e.getMessage());
            }
        }
        String paper = s.string("REPORT_PAPER", "a4").toLowerCase(Locale.ROOT);
        if (!paper.equals("a4") && !paper.equals("letter")) {
            s.problem("REPORT_PAPER=" + paper + ": expected a4 or letter");
            paper = "a4";
        }
        int catchUp = s.intValue("REPORT_CATCH_UP_LIMIT", 31, 0, 1000);
        Duration check = s.duration("REPORT_CHECK_EVERY", Duration.ofSeconds(30), Duration.ofMillis(50));
        Duration first = s.duration("REPORT_RETRY_FIRST", Duration.ofMinutes(1), Duration.ofMillis(10));
        Duration max = s.duration("REPORT_RETRY_MAX", Duration.ofHours(1), Duration.ofMillis(10));
        if (max.compareTo(first) < 0) {
            s.problem("REPORT_RETRY_MAX=" + Settings.format(max) + ": must not be shorter than REPORT_RETRY_FIRST="
                    + Settings.format(first));
        }
        int attempts = s.intValue("REPORT_DELIVERY_ATTEMPTS", 12, 1, 1000);
        return new ReportSettings(schedule, zone, paper, catchUp, check, first, max, attempts, SmtpSettings.read(s));
    }

    public static final ReportSettings NONE = new ReportSettings(null, ZoneId.of("UTC"), "a4", 31, Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofHours(1), 12, null);

    /** The wait before attempt {@code attempts + 1}, after {@code attempts} failures. */
    public Duration retryAfter(int attempts) {
        Duration d = retryFirst;
        for (int i = 1; i < attempts && d.compareTo(retryMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(retryMax) > 0 ? retryMax : d;
    }

    public void describeInto(Map<String, String> m) {
        m.put("REPORT_SCHEDULE", schedule == null ? "(none: reports on request only)" : schedule.toString());
        m.put("REPORT_TIMEZONE", zone.getId());
        m.put("REPORT_PAPER", paper);
        m.put("REPORT_CATCH_UP_LIMIT", String.valueOf(catchUpLimit));
        m.put("REPORT_CHECK_EVERY", Settings.format(checkEvery));
        m.put("REPORT_RETRY_FIRST", Settings.format(retryFirst));
        m.put("REPORT_RETRY_MAX", Settings.format(retryMax));
        m.put("REPORT_DELIVERY_ATTEMPTS", String.valueOf(maxAttempts));
        if (smtp == null) {
            m.put("SMTP_URL", "(none: reports are stored, not e-mailed)");
            for (String unused : new String[] {"SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_SSL_TRUST", "REPORT_FROM", "REPORT_RECIPIENTS"}) {
                m.put(unused, "(none)");
            }
        } else {
            smtp.describeInto(m);
        }
    }
}
