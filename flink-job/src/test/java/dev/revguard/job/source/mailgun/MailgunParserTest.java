package dev.revguard.job.source.mailgun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.job.source.FixtureReadme;
import dev.revguard.job.source.FixtureReadme.Case;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.ParserFuzz;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.Sources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MailgunParserTest {
    /** The key every Mailgun fixture but malformed-bad-signature.json is signed with (fixtures README). */
    static final String FIXTURE_SIGNING_KEY = "revguard-fixture-signing-key-0001";
    private static final String BAD_SIGNATURE_FILE = "malformed-bad-signature.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MailgunParser withKey = new MailgunParser(FIXTURE_SIGNING_KEY);
    private final MailgunParser withoutKey = new MailgunParser(null);

    static Stream<Arguments> fixtures() {
        return FixtureReadme.caseStream(Sources.MAILGUN)
                .flatMap(c -> Stream.of(Arguments.of(c, true), Arguments.of(c, false)));
    }

    @ParameterizedTest(name = "{0}, signing key configured: {1}")
    @MethodSource("fixtures")
    void everyFixtureGivesWhatTheReadmeSays(Case fixture, boolean keyConfigured) {
        MailgunParser parser = keyConfigured ? withKey : withoutKey;
        FixtureReadme.assertMatches(parser.parse(fixture.value()), fixture.rows(), keyConfigured);
    }

    @Test
    void everyFixtureFileHasAnExpectation() {
        Set<String> expected = new TreeSet<>();
        FixtureReadme.rows(Sources.MAILGUN).forEach(r -> expected.add(r.file()));
        assertThat(FixtureReadme.files(Sources.MAILGUN)).isEqualTo(expected);
    }

    @Test
    void feedingEveryRecordOnceGivesTheExpectedTotalsBesidesTheBadSignature() {
        List<Case> cases = FixtureReadme.cases(Sources.MAILGUN).stream()
                .filter(c -> !c.file().equals(BAD_SIGNATURE_FILE)).toList();
        Map<String, Long> totals = FixtureReadme.totals(Sources.MAILGUN);
        assertThat(FixtureReadme.count(withKey, cases)).isEqualTo(totals);
        assertThat(FixtureReadme.count(withoutKey, cases)).isEqualTo(totals);

        List<Case> all = FixtureReadme.cases(Sources.MAILGUN);
        Map<String, Long> keyed = FixtureReadme.count(withKey, all);
        Map<String, Long> unkeyed = FixtureReadme.count(withoutKey, all);
        assertThat(keyed.get("dead letters")).isEqualTo(totals.get("dead letters") + 1);
        assertThat(keyed.get("delivered")).isEqualTo(totals.get("delivered"));
        assertThat(unkeyed.get("delivered")).isEqualTo(totals.get("delivered") + 1);
        assertThat(unkeyed.get("dead letters")).isEqualTo(totals.get("dead letters"));
    }

    @Test
    void messageIdIsTheMessageIdHeaderNormalised() {
        assertThat(withKey.parse(fixture("delivered.json")).events().get(0).messageId())
                .isEqualTo("20260302140501.d5e2ab40bc5181c3@mg.example.net");
        ObjectNode body = tree("delivered.json");
        ((ObjectNode) body.path("event-data").path("message").path("headers"))
                .put("message-id", "<20260302140501.D5E2AB40BC5181C3@MG.example.net>");
        assertThat(withKey.parse(bytes(body)).events().get(0).messageId())
                .isEqualTo("20260302140501.d5e2ab40bc5181c3@mg.example.net");
    }

    @Test
    void theHmacCoversTimestampAndTokenOnlyAndIsReadInEitherCase() {
        ObjectNode body = tree("delivered.json");
        ObjectNode signature = (ObjectNode) body.get("signature");
        signature.put("signature", signature.get("signature").textValue().toUpperCase(Locale.ROOT));
        assertThat(withKey.parse(bytes(body)).kind()).isEqualTo(Parsed.Kind.EVENTS);

        ObjectNode otherToken = tree("delivered.json");
        ((ObjectNode) otherToken.get("signature")).put("token", "0".repeat(50));
        assertThat(withKey.parse(bytes(otherToken)))
                .isEqualTo(Parsed.deadLetter(Reasons.BAD_SIGNATURE, "signature.signature does not match"));
        assertThat(new MailgunParser("another-key").parse(fixture("delivered.json")).reason())
                .isEqualTo(Reasons.BAD_SIGNATURE);
    }

    @Test
    void withAKeyABodyWithoutAUsableSignatureIsRefused() {
        ObjectNode unsigned = tree("delivered.json");
        unsigned.remove("signature");
        assertThat(withKey.parse(bytes(unsigned)).reason()).isEqualTo(Reasons.BAD_SIGNATURE);
        assertThat(withoutKey.parse(bytes(unsigned)).kind()).isEqualTo(Parsed.Kind.EVENTS);

        for (String bad : List.of("", "zz", "abc", "00")) {
            ObjectNode body = tree("delivered.json");
            ((ObjectNode) body.get("signature")).put("signature", bad);
            assertThat(withKey.parse(bytes(body)).reason()).as(bad).isEqualTo(Reasons.BAD_SIGNATURE);
        }
        ObjectNode noToken = tree("delivered.json");
        ((ObjectNode) noToken.get("signature")).remove("token");
        assertThat(withKey.parse(bytes(noToken)).reason()).isEqualTo(Reasons.BAD_SIGNATURE);
    }

    @Test
    void theLegacyFormIsUnsupportedWhetherOrNotAKeyIsSet() {
        assertThat(withKey.parse(fixture("malformed-legacy-flat.json")).reason()).isEqualTo(Reasons.UNSUPPORTED_FORMAT);
        assertThat(withoutKey.parse(fixture("malformed-legacy-flat.json")).reason()).isEqualTo(Reasons.UNSUPPORTED_FORMAT);
    }

    @Test
    void aBlankKeyChecksNothing() {
        assertThat(new MailgunParser("  ").parse(fixture(BAD_SIGNATURE_FILE)).kind()).isEqualTo(Parsed.Kind.EVENTS);
    }

    @Test
    void failedNeedsAKnownSeverity() {
        ObjectNode body = tree("failed-permanent.json");
        ((ObjectNode) body.get("event-data")).put("severity", "fatal");
        assertThat(withoutKey.parse(bytes(body)))
                .isEqualTo(Parsed.deadLetter(Reasons.INVALID_FIELD, "event-data.severity"));
        ((ObjectNode) body.get("event-data")).remove("severity");
        assertThat(withoutKey.parse(bytes(body)).reason()).isEqualTo(Reasons.INVALID_FIELD);
    }

    @Test
    void rejectedIsDroppedAndFallbacksApply() {
        ObjectNode body = tree("accepted.json");
        ObjectNode data = (ObjectNode) body.get("event-data");
        data.put("event", "rejected");
        data.remove("recipient-domain");
        data.remove("domain");
        data.put("recipient", "Someone <someone@Example.COM>");
        var e = withoutKey.parse(bytes(body)).events().get(0);
        assertThat(e.outcome()).isEqualTo(Outcome.DROPPED);
        assertThat(e.recipientDomain()).isEqualTo("example.com");
        assertThat(e.sendingDomain()).isEqualTo("mg.example.net");
        assertThat(e.sendingIp()).isNull();
    }

    @Test
    void explainsWhatIsWrong() {
        assertThat(withoutKey.parse(utf8("[]")).reason()).isEqualTo(Reasons.UNSUPPORTED_FORMAT);
        assertThat(withoutKey.parse(utf8("{\"event-data\":[]}")))
                .isEqualTo(Parsed.deadLetter(Reasons.INVALID_FIELD, "event-data"));
        assertThat(withoutKey.parse(utf8("{\"event-data\":{}}")))
                .isEqualTo(Parsed.deadLetter(Reasons.MISSING_FIELD, "event-data.event"));
        assertThat(withoutKey.parse(utf8("{\"event-data\":{\"event\":\"stored\"}}")))
                .isEqualTo(Parsed.ignored("stored"));
        assertThat(withoutKey.parse(utf8(
                "{\"event-data\":{\"event\":\"delivered\",\"id\":\"x\",\"timestamp\":1772460300.5}}")))
                .isEqualTo(Parsed.deadLetter(Reasons.MISSING_FIELD, "event-data.recipient"));
        assertThat(withoutKey.parse(utf8(
                "{\"event-data\":{\"event\":\"delivered\",\"timestamp\":1772460300.5,\"recipient\":\"a@example.org\"}}")))
                .isEqualTo(Parsed.deadLetter(Reasons.MISSING_EVENT_ID, "event-data.id"));
    }

    @Test
    void damagedRecordsNeverThrow() {
        List<byte[]> seeds = new ArrayList<>(FixtureReadme.cases(Sources.MAILGUN).stream().map(Case::value).toList());
        assertThat(ParserFuzz.run(withKey, seeds, 20260302L, 300)).isGreaterThan(10_000);
        assertThat(ParserFuzz.run(withoutKey, seeds, 20260303L, 300)).isGreaterThan(10_000);
    }

    private static byte[] fixture(String file) {
        return FixtureReadme.read(Sources.MAILGUN, file);
    }

    private static ObjectNode tree(String file) {
        try {
            return (ObjectNode) MAPPER.readTree(fixture(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
