package dev.revguard.job.ingest;

import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.Outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostHogParserTest {
    private final PostHogParser parser = new PostHogParser();

    static String event(String uuid, String timestamp, String status) {
        return """
            {"uuid":"%s","event":"email_deliverability_event","distinct_id":"acct-1","timestamp":"%s",
             "team_id":2,"person_id":"p","elements_chain":"",
             "properties":{"status":"%s","account_id":"acct-1","sending_domain":"mail.example.com",
               "sending_ip":"192.0.2.10","provider":"sendgrid","recipient_domain":"gmail.com",
               "message_id":"m-1","$lib":"posthog-python"}}
            """.formatted(uuid, timestamp, status);
    }

    private ParseResult parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesAnExportedEventAndIgnoresUnknownFields() {
        ParseResult r = parse(event("u-1", "2026-11-24T10:15:30.123Z", "bounced"));
        assertThat(r.kind()).isEqualTo(ParseResult.Kind.EVENT);
        assertThat(r.event()).isEqualTo(new DeliveryEvent("u-1",
                Instant.parse("2026-11-24T10:15:30.123Z").toEpochMilli(), Outcome.BOUNCED,
                "acct-1", "mail.example.com", "192.0.2.10", "sendgrid", "gmail.com", "posthog", null));
    }

    @Test
    void acceptsPropertiesAsAJsonEncodedString() {
        String json = """
            {"uuid":"u-2","event":"email_deliverability_event","timestamp":"2026-11-24T10:15:30+02:00",
             "properties":"{\\"status\\":\\"spam_complaint\\",\\"account_id\\":\\"a\\",\\"sending_domain\\":\\"d\\",\\"sending_ip\\":\\"i\\",\\"provider\\":\\"p\\",\\"recipient_domain\\":\\"r\\"}"}
            """;
        ParseResult r = parse(json);
        assertThat(r.kind()).isEqualTo(ParseResult.Kind.EVENT);
        assertThat(r.event().outcome()).isEqualTo(Outcome.SPAM_COMPLAINT);
        assertThat(r.event().timestamp()).isEqualTo(Instant.parse("2026-11-24T08:15:30Z").toEpochMilli());
    }

    @Test
    void acceptsTheSpaceSeparatedTimestampForm() {
        ParseResult r = parse(event("u-3", "2026-11-24 10:15:30.000000+00:00", "sent"));
        assertThat(r.event().timestamp()).isEqualTo(Instant.parse("2026-11-24T10:15:30Z").toEpochMilli());
    }

    @ParameterizedTest
    @CsvSource({"sent, SENT", "delivered, DELIVERED", "bounced, BOUNCED", "soft_bounced, SOFT_BOUNCED",
        "deferred, DEFERRED", "dropped, DROPPED", "spam_complaint, SPAM_COMPLAINT"})
    void mapsEveryOutcomeStatus(String status, Outcome outcome) {
        assertThat(parse(event("u", "2026-11-24T10:00:00Z", status)).event().outcome()).isEqualTo(outcome);
    }

    @Test
    void ignoresEngagementStatusesAndOtherEvents() {
        assertThat(parse(event("u", "2026-11-24T10:00:00Z", "opened")).kind())
                .isEqualTo(ParseResult.Kind.IGNORED_STATUS);
        assertThat(parse("{\"uuid\":\"x\",\"event\":\"$pageview\",\"timestamp\":\"2026-11-24T10:00:00Z\"}").kind())
                .isEqualTo(ParseResult.Kind.IGNORED_EVENT);
        assertThat(parse("{\"uuid\":\"x\",\"event\":\"strategic_decision_event\",\"properties\":{}}").kind())
                .isEqualTo(ParseResult.Kind.IGNORED_EVENT);
    }

    @Test
    void explainsWhatIsWrongWithABadRecord() {
        assertThat(parse("{not json").error()).startsWith("malformed json");
        assertThat(parse("[1,2]").error()).isEqualTo("malformed json: not an object");
        assertThat(parser.parse(new byte[0]).error()).isEqualTo("empty record");
        assertThat(parse("{\"uuid\":\"x\"}").error()).isEqualTo("missing field: event");
        assertThat(parse(event("", "2026-11-24T10:00:00Z", "sent")).error()).isEqualTo("missing field: uuid");
        assertThat(parse(event("u", "yesterday", "sent")).error()).isEqualTo("invalid timestamp: yesterday");
        assertThat(parse(event("u", "2026-11-24T10:00:00", "sent")).error())
                .as("a timestamp without offset is ambiguous").startsWith("invalid timestamp");
        assertThat(parse(event("u", "2026-11-24T10:00:00Z", "exploded")).error()).isEqualTo("unknown status: exploded");
        assertThat(parse(event("u", "2026-11-24T10:00:00Z", "sent").replace("\"sending_ip\":\"192.0.2.10\",", "")).error())
                .isEqualTo("missing field: properties.sending_ip");
        assertThat(parse("{\"uuid\":\"x\",\"event\":\"email_deliverability_event\",\"timestamp\":\"2026-11-24T10:00:00Z\"}").error())
                .isEqualTo("missing field: properties");
        assertThat(parse("{\"uuid\":\"x\",\"event\":\"email_deliverability_event\",\"timestamp\":\"2026-11-24T10:00:00Z\",\"properties\":\"{oops\"}").error())
                .startsWith("malformed json in properties");
    }

    @Test
    void deadLetterPayloadIsCutAndFreeOfNulCharacters() {
        byte[] raw = ("abc\u0000" + "x".repeat(100)).getBytes(StandardCharsets.UTF_8);
        DeadLetter d = DeadLetter.of("t", 1, 2, "posthog", "unparseable_json", null, raw, 64);
        assertThat(d.payload()).hasSize(64).doesNotContain("\u0000").startsWith("abc\uFFFD");
        assertThat(d.payloadBytes()).isEqualTo(104);
    }
}
