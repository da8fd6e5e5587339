package dev.revguard.job.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // The forms of the PostHog fixtures (fixtures/posthog/README.md, "Timestamp forms").
        "2026-03-02T16:00:07Z                | 2026-03-02T16:00:07.000Z",
        "2026-03-02T16:00:01.234Z            | 2026-03-02T16:00:01.234Z",
        "2026-03-02T16:00:59.999999999Z      | 2026-03-02T16:00:59.999Z",
        "2026-03-02T16:01:05.120431+00:00    | 2026-03-02T16:01:05.120Z",
        "2026-03-02T16:03:40+00:00           | 2026-03-02T16:03:40.000Z",
        "2026-03-02T18:02:10.500+02:00       | 2026-03-02T16:02:10.500Z",
        "2026-03-02T11:03:32.400-05:00       | 2026-03-02T16:03:32.400Z",
        "2026-03-02 16:01:30.045             | 2026-03-02T16:01:30.045Z",
        "2026-03-02 16:01:45.678901          | 2026-03-02T16:01:45.678Z",
        "2026-03-02 16:04:10.500000          | 2026-03-02T16:04:10.500Z",
        // Every fraction length from 1 to 9 digits, truncated, never rounded.
        "2026-03-02T16:00:59.9Z              | 2026-03-02T16:00:59.900Z",
        "2026-03-02T16:00:59.99Z             | 2026-03-02T16:00:59.990Z",
        "2026-03-02T16:00:59.9999Z           | 2026-03-02T16:00:59.999Z",
        "2026-03-02T16:00:59.99999Z          | 2026-03-02T16:00:59.999Z",
        "2026-03-02T16:00:59.9999999Z        | 2026-03-02T16:00:59.999Z",
        "2026-03-02T16:00:59.99999999Z       | 2026-03-02T16:00:59.999Z",
        // No zone with T; the compact and the spaced offsets other sources write.
        "2026-03-02T16:00:07                 | 2026-03-02T16:00:07.000Z",
        "2026-03-02T18:00:07+0200            | 2026-03-02T16:00:07.000Z",
        "2026-03-02T18:00:07+02              | 2026-03-02T16:00:07.000Z",
        "2026-03-02T16:00:07 +0000           | 2026-03-02T16:00:07.000Z",
        "2026-03-02 21:30:07.5+05:30         | 2026-03-02T16:00:07.500Z",
        // An offset that moves the date.
        "2026-03-01T23:30:00-16:30           | 2026-03-02T16:00:00.000Z",
    })
    void readsEveryDocumentedForm(String text, String utc) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(utc).toEpochMilli());
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {
        "03/02/2026 4:02:55 PM",
        "2026-03-02",
        "2026-03-02T16:00",
        "2026-03-02T16:00:07.Z",
        "2026-03-02T16:00:07.1234567890Z",
        "2026-03-02T16:00:07z",
        "2026-03-02t16:00:07Z",
        "2026-03-02T16:00:07+2:00",
        "2026-02-30T16:00:07Z",
        "2026-03-02T24:00:00Z",
        "2026-03-02T16:60:00Z",
        // In form, but no offset exists that far from UTC: once a DateTimeException escaped here.
        "2026-03-02T16:00:07+19:00",
        "2026-03-02T16:00:07+02:60",
        "1772467207000",
        "2026-03-02T16:00:07Z trailing",
        "２０２６-03-02T16:00:07Z",
    })
    void refusesAnythingElseWithAParseException(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
