package dev.revguard.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** REPORT_SCHEDULE's three forms, their slots and periods, across a daylight-saving change and short months. */
class ReportScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void weeklyOnMondayMorningInBerlin() {
        ReportSchedule s = ReportSchedule.parse("weekly MON 08:00", BERLIN);
        // Thu 26 Nov 2026 12:00 UTC: the latest slot is Mon 23 Nov 08:00 CET = 07:00 UTC
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        assertThat(s.latestAtOrBefore(now)).isEqualTo(Instant.parse("2026-11-23T07:00:00Z"));
        assertThat(s.previous(Instant.parse("2026-11-23T07:00:00Z"))).isEqualTo(Instant.parse("2026-11-16T07:00:00Z"));
        assertThat(s.next(now)).isEqualTo(Instant.parse("2026-11-30T07:00:00Z"));
        // exactly at the slot, the slot itself
        assertThat(s.latestAtOrBefore(Instant.parse("2026-11-30T07:00:00Z"))).isEqualTo(Instant.parse("2026-11-30T07:00:00Z"));
        assertThat(s.toString()).isEqualTo("weekly MON 08:00 Europe/Berlin");
    }

    @Test
    void aDailyPeriodIs25HoursWhenTheClocksGoBack() {
        ReportSchedule s = ReportSchedule.parse("Daily 06:30", BERLIN);
        Instant slot = s.latestAtOrBefore(Instant.parse("2026-10-25T12:00:00Z")); // 06:30 CET = 05:30 UTC
        assertThat(slot).isEqualTo(Instant.parse("2026-10-25T05:30:00Z"));
        assertThat(Duration.between(s.previous(slot), slot)).isEqualTo(Duration.ofHours(25));
        Instant spring = s.latestAtOrBefore(Instant.parse("2026-03-29T12:00:00Z")); // 06:30 CEST = 04:30 UTC
        assertThat(Duration.between(s.previous(spring), spring)).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void monthlyOnThe31stFallsOnAShorterMonthsLastDay() {
        ReportSchedule s = ReportSchedule.parse("monthly 31 00:00", ZoneOffset.UTC);
        assertThat(s.latestAtOrBefore(Instant.parse("2027-03-15T00:00:00Z"))).isEqualTo(Instant.parse("2027-02-28T00:00:00Z"));
        assertThat(s.previous(Instant.parse("2027-02-28T00:00:00Z"))).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
        assertThat(s.next(Instant.parse("2027-02-28T00:00:00Z"))).isEqualTo(Instant.parse("2027-03-31T00:00:00Z"));
    }

    @Test
    void theSlotsMissedDuringDowntimeOldestFirstAndAtMostTheLimit() {
        ReportSchedule s = ReportSchedule.parse("daily 08:00", ZoneOffset.UTC);
        List<Instant> slots = s.slotsBetween(Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-23T09:00:00Z"), 31);
        assertThat(slots).containsExactly(Instant.parse("2026-11-21T08:00:00Z"), Instant.parse("2026-11-22T08:00:00Z"),
                Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(s.slotsBetween(Instant.parse("2026-11-01T08:00:00Z"), Instant.parse("2026-11-23T09:00:00Z"), 2))
                .containsExactly(Instant.parse("2026-11-22T08:00:00Z"), Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(s.slotsBetween(Instant.parse("2026-11-23T08:00:00Z"), Instant.parse("2026-11-23T09:00:00Z"), 31)).isEmpty();
    }

    @Test
    void badSchedulesSayWhatIsWrong() {
        assertThatThrownBy(() -> ReportSchedule.parse("every monday", BERLIN)).hasMessageContaining("'weekly DAY HH:MM'");
        assertThatThrownBy(() -> ReportSchedule.parse("weekly FUNDAY 08:00", BERLIN))
                .hasMessageContaining("'FUNDAY' is not a day of the week");
        assertThatThrownBy(() -> ReportSchedule.parse("daily 24:00", BERLIN)).hasMessageContaining("not a time of day");
        assertThatThrownBy(() -> ReportSchedule.parse("monthly 32 08:00", BERLIN)).hasMessageContaining("not from 1 to 31");
        assertThatThrownBy(() -> ReportSchedule.parse("monthly 0 08:00", BERLIN)).hasMessageContaining("not from 1 to 31");
    }
}
