package dev.revguard.job.source.posthog;

import static dev.revguard.job.source.Outcome.BOUNCED;
import static dev.revguard.job.source.Outcome.DEFERRED;
import static dev.revguard.job.source.Outcome.DELIVERED;
import static dev.revguard.job.source.Outcome.DROPPED;
import static dev.revguard.job.source.Outcome.SENT;
import static dev.revguard.job.source.Outcome.SOFT_BOUNCED;
import static dev.revguard.job.source.Outcome.SPAM_COMPLAINT;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.job.source.Decision;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Parsed.Kind;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.RecordJson;
import dev.revguard.job.source.Sources;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every record of {@code fixtures/posthog/} gives what its README says: kind, outcome, the five
 * dimensions, the event id, the event time and the dead-letter reason. The parser sees one record
 * at a time, so a duplicate is still an event here (judged after parsing), and a decision is the
 * version its file holds (which version wins is the table's business); README's outcome column
 * and its "Strategic decision files" tables say which.
 */
class PostHogParserTest {

    /** What one record must give; null fields of a dead letter or ignored record are not checked. */
    record Expected(Kind kind, Outcome outcome, String eventId, String eventTime, String accountId,
            String sendingDomain, String sendingIp, String provider, String recipientDomain, String messageId,
            String reason, String detail, Decision decision) {

        static Expected counted(Outcome outcome, String uuid, String account, String domain, String ip,
                String provider, String recipientDomain, String eventTime, String messageId) {
            return new Expected(Kind.EVENTS, outcome, uuid, eventTime, account, domain, ip, provider,
                    recipientDomain, messageId, null, null, null);
        }

        static Expected ignored(String detail) {
            return new Expected(Kind.IGNORED, null, null, null, null, null, null, null, null, null, null, detail, null);
        }

        static Expected deadLetter(String reason, String detail) {
            return new Expected(Kind.DEAD_LETTER, null, null, null, null, null, null, null, null, null, reason,
                    detail, null);
        }

        static Expected decision(Decision d) {
            return new Expected(Kind.DECISION, null, null, null, null, null, null, null, null, null, null, null, d);
        }
    }

    private static final String MAIL = "mail.example.com";
    private static final String BULK = "bulk.example.net";
    private static final String POOL = "Move mail.example.com to a dedicated IP pool";

    /** README's "Record values" and "Intake bodies" tables, row by row. */
    static final Map<String, Expected> EXPECTED = new LinkedHashMap<>();

    static {
        expect("native-object-properties.json", Expected.counted(DELIVERED, "019caf47-24d2-7058-a5c2-64c505d95954",
                "acct-2001", MAIL, "203.0.113.40", "ses", "example.org", "2026-03-02T16:00:01.234Z",
                "20260302160000.7c41e2@mail.example.com"));
        expect("native-string-properties.json", Expected.counted(SENT, "019caf47-3b58-7424-b813-c529b6d801b2",
                "acct-2001", MAIL, "203.0.113.41", "ses", "example.net", "2026-03-02T16:00:07.000Z",
                "20260302160007.1f09aa@mail.example.com"));
        expect("cdp-webhook-default.json", Expected.counted(BOUNCED, "019caf47-5039-703b-842f-e8a170ad2ccd",
                "acct-2002", BULK, "198.51.100.40", "mailgun", "example.com", "2026-03-02T16:00:12.345Z",
                "20260302155958.5d2e80@bulk.example.net"));
        expect("cdp-webhook-no-person.json", Expected.counted(SOFT_BOUNCED, "019caf47-7014-721a-849b-9e78e6ca41d6",
                "acct-2002", BULK, "198.51.100.40", "mailgun", "example.org", "2026-03-02T16:00:20.500Z",
                "20260302160001.a8c3f4@bulk.example.net"));
        expect("cdp-webhook-null-person.json", Expected.counted(DEFERRED, "019caf47-bc4a-7fef-9a3b-72149ae0a30d",
                "acct-2001", MAIL, "203.0.113.41", "ses", "example.com", "2026-03-02T16:00:40.010Z",
                "20260302160015.3b7d19@mail.example.com"));
        expect("native-nanoseconds.json", Expected.counted(DELIVERED, "019caf48-0a5f-7d0e-a5bf-37e10b1ab892",
                "acct-2002", BULK, "198.51.100.40", "mailgun", "example.net", "2026-03-02T16:00:59.999Z",
                "20260302160041.e61b07@bulk.example.net"));
        expect("batch-export-jsonl-row.json", Expected.counted(DELIVERED, "019caf48-1e60-7fff-b6fe-203669168fc1",
                "acct-2001", MAIL, "203.0.113.41", "ses", "example.net", "2026-03-02T16:01:05.120Z",
                "20260302160007.1f09aa@mail.example.com"));
        expect("clickhouse-node-ms.json", Expected.counted(DROPPED, "019caf48-7fbd-742f-9442-35163a0ba176",
                "acct-2002", BULK, "198.51.100.40", "mailgun", "example.com", "2026-03-02T16:01:30.045Z",
                "20260302160130.0d4f62@bulk.example.net"));
        expect("clickhouse-python-us.json", Expected.counted(SPAM_COMPLAINT, "019caf48-bcce-7e2e-bc5e-13b13609912f",
                "acct-2001", MAIL, "203.0.113.40", "ses", "example.org", "2026-03-02T16:01:45.678Z",
                "20260302155412.9a0c5e@mail.example.com"));
        expect("offset-plus-two.json", Expected.counted(SENT, "019caf49-1dc4-7ee8-a8ac-0ea8e169d43b",
                "acct-2002", BULK, "198.51.100.40", "mailgun", "example.org", "2026-03-02T16:02:10.500Z",
                "20260302160210.b2e9d1@bulk.example.net"));
        expect("native-missing-dimensions.json", Expected.counted(BOUNCED, "019caf49-69f0-790c-b770-48878b2ca91d",
                "acct-2001", MAIL, null, "ses", null, "2026-03-02T16:02:30.000Z", null));
        // A duplicate by its uuid: the dedup after the parser counts it once.
        expect("duplicate-of-native-object-properties.json", Expected.counted(DELIVERED,
                "019caf47-24d2-7058-a5c2-64c505d95954", "acct-2001", MAIL, "203.0.113.40", "ses", "example.org",
                "2026-03-02T16:00:03.234Z", "20260302160000.7c41e2@mail.example.com"));
        expect("ignored-pageview.json", Expected.ignored("$pageview"));
        expect("ignored-opened.json", Expected.ignored("email_deliverability_event:opened"));
        // README's "Strategic decision files": each file's version, its outcomes as the rows they become.
        expect("strategic-decision.json", Expected.decision(new Decision("dec-2026-014",
                "019caf49-f3a2-7e4a-936e-11b01a728415", Instant.parse("2026-03-02T16:03:05.250Z").toEpochMilli(),
                "infrastructure", "deliverability-lead@example.com", POOL, "2026-03-30", "proposed", 1800.0,
                "sending_domain", MAIL, "[{\"kpi\":\"bounce_rate\",\"baseline\":0.048,\"target\":0.02,\"due\":\"2026-04-15\"},"
                        + "{\"kpi\":\"spam_rate\",\"baseline\":0.0021,\"target\":0.001,\"due\":\"2026-04-15\"}]")));
        expect("strategic-decision-revision.json", Expected.decision(new Decision("dec-2026-014",
                "019caf4a-f284-7eee-8965-b4925eefa39c", Instant.parse("2026-03-02T16:04:10.500Z").toEpochMilli(),
                "infrastructure", "deliverability-lead@example.com", POOL, "2026-03-30", "approved", 1800.0,
                "sending_domain", MAIL, "[{\"kpi\":\"bounce_rate\",\"baseline\":0.048,\"target\":0.015,\"due\":\"2026-04-15\"},"
                        + "{\"kpi\":\"deliverability_rate\",\"baseline\":0.93,\"target\":0.97,\"due\":\"2026-04-30\"}]")));
        expect("strategic-decision-no-outcomes.json", Expected.decision(new Decision("dec-2026-015",
                "019caf4a-7b60-7db2-a431-e58935b626d8", Instant.parse("2026-03-02T16:03:40Z").toEpochMilli(),
                "cost_optimization", "vp-operations@example.com", "Consolidate marketing sends onto the shared pool",
                "2026-04-06", "proposed", null, "all", "all", "[]")));
        expect("malformed-truncated.json", Expected.deadLetter(Reasons.UNPARSEABLE_JSON, null));
        expect("malformed-missing-uuid.json", Expected.deadLetter(Reasons.MISSING_EVENT_ID, "uuid"));
        expect("malformed-missing-timestamp.json", Expected.deadLetter(Reasons.MISSING_FIELD, "timestamp"));
        expect("malformed-missing-event.json", Expected.deadLetter(Reasons.MISSING_FIELD, "event"));
        expect("malformed-missing-status.json", Expected.deadLetter(Reasons.MISSING_FIELD, "status"));
        expect("malformed-bad-timestamp.json", Expected.deadLetter(Reasons.BAD_TIMESTAMP, "03/02/2026 4:02:55 PM"));
        expect("malformed-unknown-status.json", Expected.deadLetter(Reasons.UNKNOWN_STATUS, "failed"));
        expect("malformed-properties-not-json.json", Expected.deadLetter(Reasons.INVALID_FIELD, "properties"));
        expect("malformed-array-instead-of-object.json", Expected.deadLetter(Reasons.UNSUPPORTED_FORMAT, null));
        expect("malformed-deep-nesting.json", Expected.deadLetter(Reasons.UNPARSEABLE_JSON, null));
        expect("malformed-huge.json", Expected.deadLetter(Reasons.TOO_LARGE, null));

        expect("intake-webhook-default.json", Expected.counted(BOUNCED, "019caf4a-1a35-70f2-89f0-166e6d14a590",
                "acct-2001", MAIL, "203.0.113.41", "ses", "example.org", "2026-03-02T16:03:15.125Z",
                "20260302160302.8c1d57@mail.example.com"));
        expect("intake-flat-event.json", Expected.counted(SENT, "019caf4a-43b6-749a-a536-04e953405863",
                "acct-2002", BULK, "198.51.100.40", "mailgun", "example.com", "2026-03-02T16:03:25.750Z",
                "20260302160325.3ea7b0@bulk.example.net"));
        expect("intake-array.json[0]", Expected.counted(SENT, "019caf4a-54b4-7693-a1df-c568de836a00",
                "acct-2001", MAIL, "203.0.113.40", "ses", "example.net", "2026-03-02T16:03:30.100Z",
                "20260302160330.71f2c4@mail.example.com"));
        expect("intake-array.json[1]", Expected.counted(DELIVERED, "019caf4a-5db0-721d-979e-1b11b96cc65d",
                "acct-2001", MAIL, "203.0.113.40", "ses", "example.net", "2026-03-02T16:03:32.400Z",
                "20260302160330.71f2c4@mail.example.com"));
        expect("intake-array.json[2]", Expected.ignored("$pageview"));
        expect("intake-batch.json[0]", Expected.counted(DEFERRED, "019caf4a-a2eb-70ad-ad4c-66b61879147d",
                "acct-2002", BULK, "198.51.100.40", "mailgun", "example.org", "2026-03-02T16:03:50.123Z",
                "20260302160345.0b9e26@bulk.example.net"));
        expect("intake-batch.json[1]", Expected.counted(DROPPED, "019caf4a-acce-7edf-b83b-ac74d5aca2e3",
                "acct-2002", BULK, "198.51.100.40", "mailgun", "example.net", "2026-03-02T16:03:52.654Z",
                "20260302160352.d4c0a8@bulk.example.net"));
    }

    private static void expect(String record, Expected expected) {
        if (EXPECTED.put(record, expected) != null) {
            throw new IllegalStateException("two expectations for " + record);
        }
    }

    private final PostHogParser parser = new PostHogParser();

    static Stream<Arguments> records() {
        return PostHogFixtures.allRecords().entrySet().stream()
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void everyFixtureRecordGivesWhatTheReadmeSays(String record, byte[] value) {
        assertThat(EXPECTED).as("an expectation for %s", record).containsKey(record);
        assertMatches(parser.parse(value), EXPECTED.get(record));
    }

    @Test
    void everyFixtureFileHasAnExpectationAndEveryExpectationAFixture() {
        assertThat(PostHogFixtures.allRecords().keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        assertThat(PostHogFixtures.files()).hasSize(32);
    }

    @Test
    void theFixtureFilesAreTheOnesTheReadmeNames() {
        String readme = new String(PostHogFixtures.bytes("README.md"), StandardCharsets.UTF_8);
        assertThat(PostHogFixtures.files()).allSatisfy(f -> assertThat(readme).contains("`" + f + "`"));
    }

    /** README's "Expected totals", the way the parser sees them (before dedup and the decision stream). */
    @Test
    void theRecordValueFilesAddUpToTheReadmesTotals() {
        List<Parsed> results = PostHogFixtures.files().stream()
                .filter(f -> !f.startsWith("intake-"))
                .map(f -> parser.parse(PostHogFixtures.bytes(f)))
                .toList();
        assertThat(results).hasSize(28);
        Map<Outcome, Long> outcomes = results.stream().flatMap(r -> r.events().stream())
                .collect(groupingBy(DeliveryEvent::outcome, counting()));
        // delivered: 3 and the duplicate, which the dedup removes later.
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of(SENT, 2L, DELIVERED, 4L, BOUNCED, 2L,
                SOFT_BOUNCED, 1L, DEFERRED, 1L, DROPPED, 1L, SPAM_COMPLAINT, 1L));
        assertThat(results.stream().filter(r -> r.kind() == Kind.IGNORED)).hasSize(2);
        assertThat(results.stream().filter(r -> r.kind() == Kind.DECISION)).hasSize(3);
        assertThat(results.stream().filter(r -> r.kind() == Kind.DEAD_LETTER)
                .collect(groupingBy(Parsed::reason, counting())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(Reasons.UNPARSEABLE_JSON, 2L, Reasons.MISSING_FIELD, 3L,
                        Reasons.MISSING_EVENT_ID, 1L, Reasons.BAD_TIMESTAMP, 1L, Reasons.UNKNOWN_STATUS, 1L,
                        Reasons.INVALID_FIELD, 1L, Reasons.UNSUPPORTED_FORMAT, 1L, Reasons.TOO_LARGE, 1L));
    }

    @Test
    void theIntakeBodiesTheIntakeSplitsAreNoRecordsThemselves() {
        // Only the intake splits arrays; on the topic one is unsupported_format.
        assertThat(parser.parse(PostHogFixtures.bytes("intake-array.json")))
                .extracting(Parsed::kind, Parsed::reason).containsExactly(Kind.DEAD_LETTER, Reasons.UNSUPPORTED_FORMAT);
        // A capture batch is an object whose `event` is absent.
        assertThat(parser.parse(PostHogFixtures.bytes("intake-batch.json")))
                .extracting(Parsed::kind, Parsed::reason, Parsed::detail)
                .containsExactly(Kind.DEAD_LETTER, Reasons.MISSING_FIELD, "event");
    }

    @Test
    void aWebhookBodyAndItsEventObjectReadAlike() {
        byte[] body = PostHogFixtures.bytes("intake-webhook-default.json");
        byte[] event = PostHogFixtures.write(PostHogFixtures.tree(body).get("event"));
        assertThat(parser.parse(event)).isEqualTo(parser.parse(body));
        assertMatches(parser.parse(event), EXPECTED.get("intake-webhook-default.json"));
    }

    @Test
    void theHugeFixtureIsRefusedBySizeAlone() {
        byte[] huge = PostHogFixtures.bytes("malformed-huge.json");
        assertThat(huge).hasSize(2 * RecordJson.MAX_RECORD_BYTES);
        // Garbage of the same size is too_large too: it is never parsed.
        byte[] garbage = new byte[RecordJson.MAX_RECORD_BYTES + 1];
        Arrays.fill(garbage, (byte) '[');
        assertThat(parser.parse(garbage).reason()).isEqualTo(Reasons.TOO_LARGE);
        // Exactly 1 MiB is within the limit and parsed.
        byte[] limit = paddedTo(RecordJson.MAX_RECORD_BYTES, PostHogFixtures.bytes("native-object-properties.json"));
        assertMatches(parser.parse(limit), EXPECTED.get("native-object-properties.json"));
    }

    @Test
    void nestingUpToTheLimitIsReadAndDeeperIsUnparseable() {
        // The record object is one level and properties a second, so the trace may take 998.
        assertThat(parser.parse(withTrace(RecordJson.MAX_NESTING_DEPTH - 2)).kind()).isEqualTo(Kind.EVENTS);
        assertThat(parser.parse(withTrace(RecordJson.MAX_NESTING_DEPTH - 1)).reason())
                .isEqualTo(Reasons.UNPARSEABLE_JSON);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native-object-properties.json", "cdp-webhook-default.json", "clickhouse-node-ms.json"})
    void anythingButBlanksAfterTheValueIsUnparseable(String file) {
        byte[] value = PostHogFixtures.bytes(file);
        for (String suffix : List.of("}", "x", ",", "{}", new String(value, StandardCharsets.UTF_8))) {
            assertThat(parser.parse(concat(value, suffix)).reason()).as("suffix %s", suffix)
                    .isEqualTo(Reasons.UNPARSEABLE_JSON);
        }
        assertThat(parser.parse(concat(value, " \r\n\t\n"))).isEqualTo(parser.parse(value));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"just a string\"", "42", "null", "true", "[]"})
    void jsonThatIsNotAnObjectIsUnsupported(String json) {
        assertThat(parse(json).reason()).isEqualTo(Reasons.UNSUPPORTED_FORMAT);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "\n", "not json", "{", "{\"uuid\":"})
    void valuesThatAreNotJsonAreUnparseable(String text) {
        assertThat(parse(text).reason()).isEqualTo(Reasons.UNPARSEABLE_JSON);
        assertThat(parser.parse(null).reason()).isEqualTo(Reasons.UNPARSEABLE_JSON);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "sent | SENT", "delivered | DELIVERED", "bounced | BOUNCED", "soft_bounced | SOFT_BOUNCED",
        "deferred | DEFERRED", "dropped | DROPPED", "spam_complaint | SPAM_COMPLAINT", "Delivered | DELIVERED"})
    void everyOutcomeStatusIsCountedAsItself(String status, Outcome outcome) {
        assertThat(parse(edit(e -> props(e).put("status", status))).events())
                .singleElement().extracting(DeliveryEvent::outcome).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"opened", "clicked", "unsubscribed", "Opened"})
    void engagementStatusesAreIgnored(String status) {
        Parsed r = parse(edit(e -> props(e).put("status", status)));
        assertThat(r.kind()).isEqualTo(Kind.IGNORED);
        assertThat(r.detail()).isEqualTo("email_deliverability_event:" + status.toLowerCase());
    }

    @Test
    void requiredFieldsApplyOnlyToEventsWithAnOutcome() {
        // An engagement event or a page view without uuid or timestamp is still only ignored.
        assertThat(parse(edit(e -> {
            props(e).put("status", "opened");
            e.remove(List.of("uuid", "timestamp"));
        })).kind()).isEqualTo(Kind.IGNORED);
        assertThat(parse("{\"event\":\"$pageview\",\"properties\":\"not json\"}").detail()).isEqualTo("$pageview");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // Absent, null and blank are all missing.
        "{\"uuid\":null}                 | missing_event_id | uuid",
        "{\"uuid\":\" \"}                | missing_event_id | uuid",
        "{\"uuid\":42}                   | invalid_field    | uuid",
        "{\"event\":null}                | missing_field    | event",
        "{\"event\":\"\"}                | missing_field    | event",
        "{\"event\":7}                   | invalid_field    | event",
        "{\"event\":[\"email_deliverability_event\"]} | invalid_field | event",
        "{\"timestamp\":null}            | missing_field    | timestamp",
        "{\"timestamp\":\"\"}            | missing_field    | timestamp",
        "{\"timestamp\":1772467201234}   | bad_timestamp    | 'a JSON number, not a string'",
        "{\"timestamp\":\"2026-03-02T16:00:01+19:00\"} | bad_timestamp | 2026-03-02T16:00:01+19:00",
        "{\"properties\":null}           | missing_field    | status",
        "{\"properties\":\"\"}           | invalid_field    | properties",
        "{\"properties\":\"[1,2]\"}      | invalid_field    | properties",
        "{\"properties\":\"{} {}\"}      | invalid_field    | properties",
        "{\"properties\":[]}             | invalid_field    | properties",
        "{\"properties\":5}              | invalid_field    | properties",
    })
    void eventFieldRules(String replacement, String reason, String detail) {
        Parsed r = parse(edit(e -> e.setAll((ObjectNode) PostHogFixtures.tree(bytes(replacement)))));
        assertThat(r).extracting(Parsed::kind, Parsed::reason, Parsed::detail)
                .containsExactly(Kind.DEAD_LETTER, reason, detail);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"status\":null}               | missing_field    | status",
        "{\"status\":\" \"}              | missing_field    | status",
        "{\"status\":1}                  | invalid_field    | status",
        "{\"status\":\"failed\"}         | unknown_status   | failed",
        "{\"account_id\":{\"id\":1}}     | invalid_field    | account_id",
        "{\"sending_ip\":true,\"recipient_domain\":[]} | invalid_field | 'sending_ip, recipient_domain'",
        "{\"message_id\":{}}             | invalid_field    | message_id",
    })
    void propertyRules(String replacement, String reason, String detail) {
        Parsed r = parse(edit(e -> props(e).setAll((ObjectNode) PostHogFixtures.tree(bytes(replacement)))));
        assertThat(r).extracting(Parsed::kind, Parsed::reason, Parsed::detail)
                .containsExactly(Kind.DEAD_LETTER, reason, detail);
    }

    @Test
    void absentNullAndBlankDimensionsAreUnknownAndNumbersAreText() {
        DeliveryEvent e = parse(edit(ev -> props(ev).put("account_id", 2001).putNull("sending_ip")
                .put("recipient_domain", "").put("message_id", " "))).events().get(0);
        assertThat(e.accountId()).isEqualTo("2001");
        assertThat(e.sendingIp()).isNull();
        assertThat(e.recipientDomain()).isNull();
        assertThat(e.messageId()).isNull();
    }

    @Test
    void aWebhookBodyIsReadByItsEventAloneAndAFlatEventNeverAsAWebhook() {
        // Fields beside `event` in a webhook body are not the event's, whatever they are called.
        Parsed body = parse("""
                {"uuid":"outer","timestamp":"bad","event":%s,"person":[1,2]}"""
                .formatted(new String(PostHogFixtures.bytes("native-object-properties.json"), StandardCharsets.UTF_8)));
        assertMatches(body, EXPECTED.get("native-object-properties.json"));
    }

    private static void assertMatches(Parsed actual, Expected expected) {
        assertThat(actual.kind()).as("kind (%s)", actual).isEqualTo(expected.kind());
        switch (expected.kind()) {
            case EVENTS -> assertThat(actual.events()).singleElement().isEqualTo(new DeliveryEvent(
                    expected.eventId(), Instant.parse(expected.eventTime()).toEpochMilli(), expected.outcome(),
                    expected.accountId(), expected.sendingDomain(), expected.sendingIp(), expected.provider(),
                    expected.recipientDomain(), Sources.POSTHOG, expected.messageId()));
            case IGNORED -> {
                assertThat(actual.events()).isEmpty();
                assertThat(actual.detail()).isEqualTo(expected.detail());
            }
            case DECISION -> assertThat(actual.decision()).isEqualTo(expected.decision());
            case DEAD_LETTER -> {
                assertThat(actual.events()).isEmpty();
                assertThat(actual.reason()).as("reason (%s)", actual.detail()).isEqualTo(expected.reason());
                if (expected.detail() != null) {
                    assertThat(actual.detail()).isEqualTo(expected.detail());
                }
            }
        }
    }

    private Parsed parse(String json) {
        return parser.parse(bytes(json));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** native-object-properties.json with one edit. */
    private static String edit(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode e = (ObjectNode) PostHogFixtures.tree(PostHogFixtures.bytes("native-object-properties.json"));
        change.accept(e);
        return new String(PostHogFixtures.write(e), StandardCharsets.UTF_8);
    }

    private static ObjectNode props(ObjectNode event) {
        return (ObjectNode) event.get("properties");
    }

    /**
     * native-object-properties.json with a property {@code depth} arrays deep, spliced in as text:
     * Jackson writes nothing deeper than its own limit.
     */
    private static byte[] withTrace(int depth) {
        String event = new String(PostHogFixtures.bytes("native-object-properties.json"), StandardCharsets.UTF_8);
        return bytes(event.replace("\"properties\": {",
                "\"properties\": {\"debug_trace\": " + "[".repeat(depth) + "]".repeat(depth) + ", "));
    }

    private static byte[] paddedTo(int size, byte[] value) {
        byte[] padded = Arrays.copyOf(value, size);
        Arrays.fill(padded, value.length, size, (byte) ' ');
        return padded;
    }

    private static byte[] concat(byte[] value, String suffix) {
        byte[] s = bytes(suffix);
        byte[] out = Arrays.copyOf(value, value.length + s.length);
        System.arraycopy(s, 0, out, value.length, s.length);
        return out;
    }
}
