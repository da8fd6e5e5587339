package dev.revguard.job.source.ses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.FixtureReadme;
import dev.revguard.job.source.FixtureReadme.Case;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.ParserFuzz;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.Sources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SesParserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SesParser parser = new SesParser();

    static Stream<Case> fixtures() {
        return FixtureReadme.caseStream(Sources.SES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureGivesWhatTheReadmeSays(Case fixture) {
        FixtureReadme.assertMatches(parser.parse(fixture.value()), fixture.rows(), false);
    }

    @Test
    void everyFixtureFileHasAnExpectation() {
        Set<String> expected = new TreeSet<>();
        FixtureReadme.rows(Sources.SES).forEach(r -> expected.add(r.file()));
        assertThat(FixtureReadme.files(Sources.SES)).isEqualTo(expected);
    }

    @Test
    void feedingEveryRecordOnceGivesTheExpectedTotals() {
        assertThat(FixtureReadme.count(parser, FixtureReadme.cases(Sources.SES)))
                .isEqualTo(FixtureReadme.totals(Sources.SES));
    }

    @Test
    void messageIdIsMailMessageIdInLowerCase() {
        assertThat(parser.parse(fixture("send.json")).events()).extracting(DeliveryEvent::messageId)
                .containsOnly("0100018f3696ad59-777e09d5-f2da-4cb5-a402-2d435e7cd053-000000");
    }

    @Test
    void neverTakesTheCallersOrTheReceivingServersAddressForASendingIp() {
        // The identity notification carries mail.sourceIp and bounce.remoteMtaIp, and no tags.
        assertThat(parser.parse(fixture("identity-notification-bounce.json")).events().get(0).sendingIp()).isNull();
        ObjectNode send = tree("send.json");
        ((ObjectNode) send.get("mail")).put("sourceIp", "198.51.100.77");
        assertThat(parser.parse(bytes(send)).events()).extracting(DeliveryEvent::sendingIp).containsOnlyNulls();
    }

    @Test
    void complaintsOfSuppressedAddressesAreDropped() {
        ObjectNode complaint = tree("complaint.json");
        ((ObjectNode) complaint.get("complaint")).put("complaintSubType", "OnAccountSuppressionList");
        assertThat(parser.parse(bytes(complaint)).events().get(0).outcome()).isEqualTo(Outcome.DROPPED);
    }

    @Test
    void theRecipientInTheDedupIdIsTheBareAddressInLowerCase() {
        ObjectNode send = tree("send.json");
        ArrayNode destination = MAPPER.createArrayNode().add("Member Two <Member-202@Example.ORG>");
        ((ObjectNode) send.get("mail")).set("destination", destination);
        DeliveryEvent e = parser.parse(bytes(send)).events().get(0);
        assertThat(e.eventId()).isEqualTo("0100018f3696ad59-777e09d5-f2da-4cb5-a402-2d435e7cd053-000000:Send:member-202@example.org");
        assertThat(e.recipientDomain()).isEqualTo("example.org");
    }

    @Test
    void withoutTagsTheSendingDomainIsTheSourceAddresssDomain() {
        ObjectNode send = tree("send.json");
        ((ObjectNode) send.get("mail")).remove("tags");
        assertThat(parser.parse(bytes(send)).events()).extracting(DeliveryEvent::sendingDomain)
                .containsOnly("notify.example.org");
    }

    @Test
    void snsEnvelopes() {
        assertThat(parser.parse(utf8("{\"Type\":\"UnsubscribeConfirmation\",\"Message\":\"bye\"}")))
                .isEqualTo(Parsed.ignored("UnsubscribeConfirmation"));
        assertThat(parser.parse(utf8("{\"Type\":\"Notification\",\"Message\":\"{not json\"}")).reason())
                .isEqualTo(Reasons.UNPARSEABLE_JSON);
        assertThat(parser.parse(utf8("{\"Type\":\"Notification\",\"Message\":\"[1]\"}")).reason())
                .isEqualTo(Reasons.UNSUPPORTED_FORMAT);
        assertThat(parser.parse(utf8("{\"Type\":\"Notification\"}")))
                .isEqualTo(Parsed.deadLetter(Reasons.MISSING_FIELD, "Message"));
        assertThat(parser.parse(utf8("{\"Type\":\"Surprise\",\"Message\":\"{}\"}")).reason())
                .isEqualTo(Reasons.UNSUPPORTED_FORMAT);
        assertThat(parser.parse(utf8("{\"Type\":3}")))
                .isEqualTo(Parsed.deadLetter(Reasons.INVALID_FIELD, "Type"));
    }

    @Test
    void explainsWhatIsWrong() {
        assertThat(parser.parse(utf8("[]")).reason()).isEqualTo(Reasons.UNSUPPORTED_FORMAT);
        assertThat(parser.parse(utf8("{\"mail\":{}}")))
                .isEqualTo(Parsed.deadLetter(Reasons.MISSING_FIELD, "notificationType"));
        assertThat(parser.parse(utf8("{\"eventType\":\"Open\"}"))).isEqualTo(Parsed.ignored("Open"));
        assertThat(parser.parse(utf8("{\"eventType\":\"Delivery\",\"mail\":{\"messageId\":\"m\"}}")))
                .isEqualTo(Parsed.deadLetter(Reasons.MISSING_FIELD, "delivery"));

        ObjectNode noBounceType = tree("bounce-transient.json");
        ((ObjectNode) noBounceType.get("bounce")).remove("bounceType");
        assertThat(parser.parse(bytes(noBounceType)))
                .isEqualTo(Parsed.deadLetter(Reasons.MISSING_FIELD, "bounce.bounceType"));

        ObjectNode badTime = tree("delivery-delay.json");
        ((ObjectNode) badTime.get("deliveryDelay")).put("timestamp", "last tuesday");
        assertThat(parser.parse(bytes(badTime)))
                .isEqualTo(Parsed.deadLetter(Reasons.BAD_TIMESTAMP, "deliveryDelay.timestamp: last tuesday"));

        ((ObjectNode) badTime.get("deliveryDelay")).put("timestamp", "1026-03-02T14:15:16.095Z");
        assertThat(parser.parse(bytes(badTime)))
                .isEqualTo(Parsed.deadLetter(Reasons.INVALID_FIELD, "deliveryDelay.timestamp"));

        ObjectNode badRecipient = tree("delivery-multi-recipient.json");
        ((ArrayNode) badRecipient.path("delivery").path("recipients")).set(1, MAPPER.getNodeFactory().numberNode(7));
        assertThat(parser.parse(bytes(badRecipient)))
                .isEqualTo(Parsed.deadLetter(Reasons.INVALID_FIELD, "delivery.recipients[1]"));

        ObjectNode noRecipients = tree("send.json");
        ((ObjectNode) noRecipients.get("mail")).remove("destination");
        assertThat(parser.parse(bytes(noRecipients)).reason()).isEqualTo(Reasons.MISSING_RECIPIENT);
    }

    @Test
    void damagedRecordsNeverThrow() {
        List<byte[]> seeds = FixtureReadme.cases(Sources.SES).stream().map(Case::value).toList();
        // Each mutation is also tried inside an SNS envelope, to reach the unwrapping.
        int parsed = ParserFuzz.run(parser, seeds, 20260302L, 150, SesParserTest::inEnvelope);
        assertThat(parsed).isGreaterThan(10_000);
    }

    private static byte[] inEnvelope(byte[] message) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("Message", new String(message, StandardCharsets.UTF_8));
        return bytes(envelope);
    }

    private static byte[] fixture(String file) {
        return FixtureReadme.read(Sources.SES, file);
    }

    private static ObjectNode tree(String file) {
        try {
            return (ObjectNode) MAPPER.readTree(fixture(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
