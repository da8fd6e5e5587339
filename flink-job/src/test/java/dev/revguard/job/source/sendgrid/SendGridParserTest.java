package dev.revguard.job.source.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.source.FixtureReadme;
import dev.revguard.job.source.FixtureReadme.Case;
import dev.revguard.job.source.FixtureReadme.Row;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.ParserFuzz;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.Sources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SendGridParserTest {
    /** Fixture files that are no record value: the signed POST's headers, for the intake. */
    private static final Set<String> NOT_RECORDS = Set.of("batch.headers.json");

    private final SendGridParser parser = new SendGridParser();

    static Stream<Case> fixtures() {
        return FixtureReadme.caseStream(Sources.SENDGRID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureGivesWhatTheReadmeSays(Case fixture) {
        FixtureReadme.assertMatches(parser.parse(fixture.value()), fixture.rows(), false);
    }

    @Test
    void everyFixtureFileAndEveryBatchElementHasAnExpectation() {
        Set<String> expected = new TreeSet<>();
        FixtureReadme.rows(Sources.SENDGRID).forEach(r -> expected.add(r.file()));
        Set<String> files = new TreeSet<>(FixtureReadme.files(Sources.SENDGRID));
        files.removeAll(NOT_RECORDS);
        assertThat(files).isEqualTo(expected);

        List<Integer> elements = FixtureReadme.rows(Sources.SENDGRID).stream()
                .filter(r -> r.file().equals("batch.json")).map(Row::element).toList();
        int size = FixtureReadme.arraySize(FixtureReadme.read(Sources.SENDGRID, "batch.json"));
        assertThat(elements).containsExactlyElementsOf(Stream.iterate(0, i -> i + 1).limit(size).toList());
    }

    @Test
    void feedingEveryRecordOnceGivesTheExpectedTotals() {
        assertThat(FixtureReadme.count(parser, FixtureReadme.cases(Sources.SENDGRID)))
                .isEqualTo(FixtureReadme.totals(Sources.SENDGRID));
    }

    @Test
    void messageIdIsSgMessageIdUpToItsFirstDotNormalised() {
        assertThat(parse(FixtureReadme.read(Sources.SENDGRID, "processed.json")).events().get(0).messageId())
                .isEqualTo("blwqhb_7z5mf6ptgtjf_yg");
        assertThat(parse(FixtureReadme.read(Sources.SENDGRID, "bounce-async-no-message-id.json")).events().get(0).messageId())
                .isNull();
        assertThat(parse(event("delivered", "\"sg_message_id\":\"<ABC-1>\",\"ip\":\"192.0.2.10\"")).events().get(0).messageId())
                .isEqualTo("abc-1");
    }

    @Test
    void theIpOfOpensAndClicksIsTheRecipientsAndOfProcessedNone() {
        assertThat(parse(event("processed", "\"ip\":\"198.51.100.201\"")).events().get(0).sendingIp()).isNull();
        assertThat(parse(event("dropped", "\"ip\":\"198.51.100.201\"")).events().get(0).sendingIp()).isNull();
        assertThat(parse(event("bounce", "\"ip\":\"192.0.2.10\"")).events().get(0).sendingIp()).isEqualTo("192.0.2.10");
    }

    @Test
    void bounceTypes() {
        assertThat(parse(event("bounce", "")).events().get(0).outcome()).isEqualTo(Outcome.BOUNCED);
        assertThat(parse(event("bounce", "\"type\":\"blocked\"")).events().get(0).outcome()).isEqualTo(Outcome.SOFT_BOUNCED);
        Parsed other = parse(event("bounce", "\"type\":\"expired\""));
        assertThat(other.reason()).isEqualTo(Reasons.INVALID_FIELD);
        assertThat(other.detail()).isEqualTo("type");
    }

    @Test
    void explainsWhatIsWrong() {
        assertThat(parse("[{\"event\":\"processed\"}]").reason()).isEqualTo(Reasons.UNSUPPORTED_FORMAT);
        assertThat(parse("\"processed\"").reason()).isEqualTo(Reasons.UNSUPPORTED_FORMAT);
        assertThat(parse("{\"sg_event_id\":\"x\"}")).isEqualTo(Parsed.deadLetter(Reasons.MISSING_FIELD, "event"));
        assertThat(parse("{\"event\":7}")).isEqualTo(Parsed.deadLetter(Reasons.INVALID_FIELD, "event"));
        assertThat(parse("{\"event\":\"delivered\",\"sg_event_id\":\"x\",\"timestamp\":1772460300}"))
                .isEqualTo(Parsed.deadLetter(Reasons.MISSING_FIELD, "email"));
        assertThat(parse("{\"event\":\"delivered\",\"sg_event_id\":\"x\",\"timestamp\":\"yesterday\",\"email\":\"a@example.org\"}"))
                .isEqualTo(Parsed.deadLetter(Reasons.BAD_TIMESTAMP, "timestamp: yesterday"));
        assertThat(parse("{\"event\":\"delivered\",\"sg_event_id\":\"x\",\"timestamp\":1772460300,\"email\":\"nobody\"}"))
                .isEqualTo(Parsed.deadLetter(Reasons.INVALID_FIELD, "email"));
        assertThat(parse("{\"event\":\"delivered\",\"sg_event_id\":9,\"timestamp\":1772460300,\"email\":\"a@example.org\"}"))
                .isEqualTo(Parsed.deadLetter(Reasons.INVALID_FIELD, "sg_event_id"));
        assertThat(parse("{\"event\":\"delivered\",\"sg_event_id\":\"x\",\"timestamp\":1772460300000,\"email\":\"a@example.org\"}"))
                .isEqualTo(Parsed.deadLetter(Reasons.INVALID_FIELD, "timestamp"));
        assertThat(parse("{\"event\":\"delivered\",\"sg_event_id\":\"x\",\"timestamp\":-1,\"email\":\"a@example.org\"}"))
                .isEqualTo(Parsed.deadLetter(Reasons.INVALID_FIELD, "timestamp"));
    }

    @Test
    void ignoredEventsNeedNoRequiredFields() {
        assertThat(parse("{\"event\":\"open\"}")).isEqualTo(Parsed.ignored("open"));
    }

    @Test
    void fractionalSecondsAreTruncatedToMilliseconds() {
        assertThat(parse(event("processed", "").replace("1772460300", "1772460300.9999")).events().get(0).timestamp())
                .isEqualTo(1_772_460_300_999L);
        assertThat(parse(event("processed", "").replace("1772460300", "\"1772460300.5\"")).events().get(0).timestamp())
                .isEqualTo(1_772_460_300_500L);
    }

    @Test
    void domainsAreLowerCase() {
        var e = parse(event("processed", "")).events().get(0);
        assertThat(e.recipientDomain()).isEqualTo("example.org");
        assertThat(e.sendingDomain()).isEqualTo("news.example.com");
        assertThat(e.accountId()).isEqualTo("acct-1");
    }

    @Test
    void damagedRecordsNeverThrow() {
        List<byte[]> seeds = FixtureReadme.cases(Sources.SENDGRID).stream().map(Case::value).toList();
        assertThat(ParserFuzz.run(parser, seeds, 20260302L, 400)).isGreaterThan(10_000);
    }

    private static String event(String type, String extra) {
        return "{\"event\":\"" + type + "\",\"sg_event_id\":\"id-1\",\"timestamp\":1772460300,"
                + "\"email\":\"a@Example.ORG\",\"account_id\":\"acct-1\",\"sending_domain\":\"News.Example.com\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private Parsed parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private Parsed parse(byte[] value) {
        return parser.parse(value);
    }
}
