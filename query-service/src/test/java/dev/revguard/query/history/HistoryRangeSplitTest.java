package dev.revguard.query.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a range is split into days, hours and minutes. */
class HistoryRangeSplitTest {
    private static History.Range split(String from, String to) {
        return History.Range.of(Instant.parse(from), Instant.parse(to));
    }

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void wholeDaysHoursAndMinutes() {
        History.Range r = split("2026-11-17T12:00:30Z", "2026-11-24T12:00:30Z");
        assertThat(r.hourFrom()).isEqualTo(t("2026-11-17T13:00:00Z"));
        assertThat(r.dayFrom()).isEqualTo(t("2026-11-18T00:00:00Z"));
        assertThat(r.dayTo()).isEqualTo(t("2026-11-24T00:00:00Z"));
        assertThat(r.hourTo()).isEqualTo(t("2026-11-24T12:00:00Z"));
    }

    @Test
    void withoutAWholeDayTheHoursRunThrough() {
        History.Range r = split("2026-11-23T12:30:00Z", "2026-11-24T12:30:00Z");
        assertThat(r.hourFrom()).isEqualTo(t("2026-11-23T13:00:00Z"));
        assertThat(r.dayFrom()).isEqualTo(r.hourFrom());
        assertThat(r.dayTo()).isEqualTo(r.hourFrom());
        assertThat(r.hourTo()).isEqualTo(t("2026-11-24T12:00:00Z"));
    }

    @Test
    void withoutAWholeHourOnlyMinutes() {
        History.Range r = split("2026-11-24T10:30:00Z", "2026-11-24T11:20:00Z");
        assertThat(r.hourFrom()).isEqualTo(r.from());
        assertThat(r.hourTo()).isEqualTo(r.from());
        assertThat(r.dayFrom()).isEqualTo(r.from());
        assertThat(r.to()).isEqualTo(t("2026-11-24T11:20:00Z"));
    }

    @Test
    void alignedEdgesNeedNoMinutes() {
        History.Range r = split("2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z");
        assertThat(r.hourFrom()).isEqualTo(r.from());
        assertThat(r.dayFrom()).isEqualTo(r.from());
        assertThat(r.dayTo()).isEqualTo(r.to());
        assertThat(r.hourTo()).isEqualTo(r.to());
    }
}
