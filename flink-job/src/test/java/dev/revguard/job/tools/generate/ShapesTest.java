package dev.revguard.job.tools.generate;

import static dev.revguard.job.source.Outcome.BOUNCED;
import static dev.revguard.job.source.Outcome.DEFERRED;
import static dev.revguard.job.source.Outcome.DELIVERED;
import static dev.revguard.job.source.Outcome.DROPPED;
import static dev.revguard.job.source.Outcome.SENT;
import static dev.revguard.job.source.Outcome.SOFT_BOUNCED;
import static dev.revguard.job.source.Outcome.SPAM_COMPLAINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revguard.job.source.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each shape writes exactly the fields of the matching fixture file, for every event type, and the
 * fields the fixture README reads carry the message's values: the send names no IP, the later
 * events do (where the provider puts one), and one provider message id runs through them all.
 */
class ShapesTest {
    private static final String KEY = "test-signing-key";

    private static JsonNode parse(SourceRecord r) throws Exception {
        return Json.MAPPER.readTree(r.value());
    }

    /** A message of two steps (a send, then {@code outcome}); a complaint comes after a delivery. */
    private static Message lifecycle(String source, Outcome outcome, String campaign) {
        return outcome == SENT ? Messages.of(source, source, campaign, SENT, DELIVERED)
                : outcome == SPAM_COMPLAINT ? Messages.of(source, source, campaign, SENT, DELIVERED, SPAM_COMPLAINT)
                : Messages.of(source, source, campaign, SENT, outcome);
    }

    private static SourceRecord recordFor(List<SourceRecord> records, Message m, Outcome outcome) {
        for (int i = 0; i < m.steps().size(); i++) {
            if (m.steps().get(i).outcome() == outcome) {
                int skipped = m.steps().size() - records.size(); // Mailgun writes no accepted before a rejected
                return records.get(i - skipped);
            }
        }
        throw new AssertionError("no " + outcome);
    }

    // ---- SendGrid ----

    private static final Map<Outcome, String> SENDGRID_FIXTURES = Map.of(SENT, "sendgrid/processed.json",
            DELIVERED, "sendgrid/delivered.json", DEFERRED, "sendgrid/deferred.json", BOUNCED, "sendgrid/bounce.json",
            SOFT_BOUNCED, "sendgrid/bounce-blocked.json", DROPPED, "sendgrid/dropped.json",
            SPAM_COMPLAINT, "sendgrid/spamreport.json");

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void sendGridEventsHaveTheFixtureFields(Outcome outcome) throws Exception {
        for (String campaign : List.of("receipts", "spring-launch")) {
            Message m = lifecycle("sendgrid", outcome, campaign);
            List<SourceRecord> records = new SendGridShape().render(m, new Random(1));
            JsonNode e = parse(recordFor(records, m, outcome));
            assertThat(Fixtures.paths(e)).isEqualTo(Fixtures.paths(Fixtures.read(SENDGRID_FIXTURES.get(outcome))));
            assertThat(e.get("timestamp").isIntegralNumber()).isTrue();
            assertThat(e.get("email").asText()).isEqualTo(m.recipient());
            assertThat(e.get("account_id").asText()).isEqualTo(m.account());
            assertThat(e.get("sending_domain").asText()).isEqualTo(m.domain());
            boolean namesIp = outcome == DELIVERED || outcome == DEFERRED || outcome == BOUNCED || outcome == SOFT_BOUNCED;
            assertThat(e.path("ip").asText(null)).isEqualTo(namesIp ? m.ip() : null);
        }
    }

    @Test
    void sendGridMessageKeepsItsMessageIdAndKeysByEventId() throws Exception {
        Message m = Messages.of("sendgrid", "sendgrid", "receipts", SENT, DEFERRED, DELIVERED, SPAM_COMPLAINT);
        List<SourceRecord> records = new SendGridShape().render(m, new Random(2));
        assertThat(records).hasSize(4);
        List<String> events = new ArrayList<>();
        for (SourceRecord r : records) {
            JsonNode e = parse(r);
            events.add(e.get("event").asText());
            assertThat(e.get("sg_message_id").asText()).isEqualTo(parse(records.get(0)).get("sg_message_id").asText())
                    .matches("[A-Za-z0-9_-]{22}\\.recvd-.*\\.0");
            assertThat(e.get("sg_event_id").asText()).matches("[A-Za-z0-9_-]{22}");
            assertThat(r.key()).isEqualTo("sendgrid:" + e.get("sg_event_id").asText());
            assertThat(e.get("timestamp").asLong()).isEqualTo(r.eventTime() / 1000);
        }
        assertThat(events).containsExactly("processed", "deferred", "delivered", "spamreport");
        assertThat(parse(records.get(1)).get("attempt").asText()).isEqualTo("1");
    }

    // ---- Mailgun ----

    private static final Map<Outcome, String> MAILGUN_FIXTURES = Map.of(SENT, "mailgun/accepted.json",
            DELIVERED, "mailgun/delivered.json", DEFERRED, "mailgun/failed-temporary.json",
            BOUNCED, "mailgun/failed-permanent.json", SOFT_BOUNCED, "mailgun/failed-temporary.json",
            SPAM_COMPLAINT, "mailgun/complained.json");

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = "DROPPED", mode = EnumSource.Mode.EXCLUDE)
    void mailgunBodiesHaveTheFixtureFields(Outcome outcome) throws Exception {
        for (String campaign : List.of("receipts", "spring-launch")) {
            Message m = lifecycle("mailgun", outcome, campaign);
            List<SourceRecord> records = new MailgunShape(KEY).render(m, new Random(3));
            JsonNode body = parse(recordFor(records, m, outcome));
            assertThat(Fixtures.paths(body, "event-data.user-variables"))
                    .isEqualTo(Fixtures.paths(Fixtures.read(MAILGUN_FIXTURES.get(outcome)), "event-data.user-variables"));
            JsonNode d = body.get("event-data");
            assertThat(d.get("timestamp").isNumber()).isTrue();
            assertThat(d.get("timestamp").decimalValue().scale()).isEqualTo(6);
            assertThat(d.get("recipient").asText()).isEqualTo(m.recipient());
            assertThat(d.get("recipient-domain").asText()).isEqualTo(m.recipientDomain());
            assertThat(d.get("domain").get("name").asText()).isEqualTo(m.domain());
            assertThat(d.get("account").get("id").asText()).matches("[0-9a-f]{24}");
            assertThat(d.path("envelope").path("sending-ip").asText(null)).isEqualTo(outcome == SENT ? null : m.ip());
            JsonNode s = body.get("signature");
            assertThat(s.get("timestamp").isTextual()).isTrue();
            assertThat(s.get("signature").asText())
                    .isEqualTo(MailgunSignature.hmac(KEY, s.get("timestamp").asText(), s.get("token").asText()));
        }
    }

    @Test
    void aDroppedMailgunMessageIsRejectedWithoutAnAccepted() throws Exception {
        Message m = Messages.of("mailgun", "mailgun", "receipts", SENT, DROPPED);
        List<SourceRecord> records = new MailgunShape(KEY).render(m, new Random(4));
        assertThat(records).hasSize(1);
        JsonNode d = parse(records.get(0)).get("event-data");
        assertThat(d.get("event").asText()).isEqualTo("rejected");
        for (String required : List.of("id", "timestamp", "recipient", "recipient-domain", "account", "domain", "message")) {
            assertThat(d.has(required)).as(required).isTrue();
        }
        assertThat(d.has("envelope")).isFalse();
    }

    @Test
    void mailgunMessageKeepsItsMessageId() throws Exception {
        Message m = Messages.of("mailgun", "mailgun", "weekly-digest", SENT, DEFERRED, DELIVERED, SPAM_COMPLAINT);
        List<SourceRecord> records = new MailgunShape(KEY).render(m, new Random(5));
        assertThat(records).hasSize(4);
        String messageId = parse(records.get(0)).at("/event-data/message/headers/message-id").asText();
        assertThat(messageId).endsWith("@" + m.domain());
        for (SourceRecord r : records) {
            JsonNode d = parse(r).get("event-data");
            assertThat(d.at("/message/headers/message-id").asText()).isEqualTo(messageId);
            assertThat(r.key()).isEqualTo("mailgun:" + d.get("id").asText());
        }
        assertThat(parse(records.get(2)).at("/event-data/delivery-status/attempt-no").asInt()).isEqualTo(2);
    }

    // ---- SES ----

    private static final Map<Outcome, String> SES_FIXTURES = Map.of(SENT, "ses/send.json",
            DELIVERED, "ses/delivery-multi-recipient.json", DEFERRED, "ses/delivery-delay.json",
            BOUNCED, "ses/bounce-permanent-multi-recipient.json", SOFT_BOUNCED, "ses/bounce-transient.json",
            SPAM_COMPLAINT, "ses/complaint.json");

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void sesNotificationsHaveTheFixtureFields(Outcome outcome) throws Exception {
        Set<Set<String>> droppedShapes = Set.of(Fixtures.paths(Fixtures.read("ses/bounce-on-account-suppression-list.json")),
                Fixtures.paths(Fixtures.read("ses/reject.json")));
        for (int seed = 0; seed < 6; seed++) {
            Message m = lifecycle("ses", outcome, "onboarding");
            List<SourceRecord> records = new SesShape().render(m, new Random(seed));
            JsonNode n = parse(recordFor(records, m, outcome));
            if (outcome == DROPPED) {
                assertThat(droppedShapes).contains(Fixtures.paths(n));
            } else {
                assertThat(Fixtures.paths(n)).isEqualTo(Fixtures.paths(Fixtures.read(SES_FIXTURES.get(outcome))));
            }
            JsonNode mail = n.get("mail");
            assertThat(mail.get("destination").get(0).asText()).isEqualTo(m.recipient());
            assertThat(mail.get("sendingAccountId").asText()).matches("[0-9]{12}");
            assertThat(mail.at("/tags/ses:from-domain/0").asText()).isEqualTo(m.domain());
            assertThat(mail.at("/tags/ses:outgoing-ip/0").asText(null)).isEqualTo(outcome == DELIVERED ? m.ip() : null);
            assertThat(mail.get("timestamp").asText()).isEqualTo(Ids.isoMillis(m.sentAt()));
        }
    }

    @Test
    void sesMessageKeepsItsMessageIdAndEachNotificationItsSnsId() throws Exception {
        Message m = Messages.of("ses", "ses", "receipts", SENT, DEFERRED, DELIVERED, SPAM_COMPLAINT);
        List<SourceRecord> records = new SesShape().render(m, new Random(6));
        List<String> types = new ArrayList<>();
        String messageId = parse(records.get(0)).at("/mail/messageId").asText();
        assertThat(messageId).matches("0100[0-9a-f]{12}-[0-9a-f-]{36}-000000");
        for (SourceRecord r : records) {
            JsonNode n = parse(r);
            types.add(n.get("eventType").asText());
            assertThat(n.at("/mail/messageId").asText()).isEqualTo(messageId);
            assertThat(r.key()).isEqualTo("ses:" + r.id());
        }
        assertThat(types).containsExactly("Send", "DeliveryDelay", "Delivery", "Complaint");
        assertThat(records.stream().map(SourceRecord::id).distinct()).hasSize(4);
    }

    // ---- PostHog ----

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void postHogEventsHaveTheFixtureFields(Outcome outcome) throws Exception {
        Message m = lifecycle("posthog", outcome, "receipts");
        List<SourceRecord> records = new PostHogShape().render(m, new Random(7));
        SourceRecord r = recordFor(records, m, outcome);
        JsonNode e = parse(r);
        Set<String> fixture = Fixtures.paths(Fixtures.read("posthog/native-object-properties.json"));
        assertThat(fixture).containsAll(Fixtures.paths(e));
        assertThat(Fixtures.paths(e)).contains("uuid", "event", "distinct_id", "timestamp", "properties.status",
                "properties.account_id", "properties.sending_domain", "properties.sending_ip", "properties.provider",
                "properties.recipient_domain", "properties.message_id");
        assertThat(e.at("/properties/sending_ip").asText()).isEqualTo(m.ip());
        assertThat(e.at("/properties/status").asText()).isEqualTo(outcome.status());
        assertThat(Instant.parse(e.get("timestamp").asText()).toEpochMilli()).isEqualTo(r.eventTime());
        assertThat(r.key()).isNull();

        JsonNode webhook = Json.MAPPER.readTree(Json.bytes(PostHogShape.webhookBody(e)));
        assertThat(Fixtures.paths(Fixtures.read("posthog/cdp-webhook-default.json"))).containsAll(Fixtures.paths(webhook));
        assertThat(webhook.get("event").get("uuid")).isEqualTo(e.get("uuid"));
        assertThat(webhook.get("event").get("properties")).isEqualTo(e.get("properties"));
    }

    @Test
    void postHogMessageKeepsOneMessageIdAndDecisionsParse() throws Exception {
        Message m = Messages.of("posthog", "mailgun", "receipts", SENT, DELIVERED, SPAM_COMPLAINT);
        List<SourceRecord> records = new PostHogShape().render(m, new Random(8));
        assertThat(records.stream().map(r -> r.body().at("/properties/message_id").asText()).distinct()).hasSize(1);
        assertThat(records.get(0).body().at("/properties/provider").asText()).isEqualTo("mailgun");
    }

    /** The business's decisions have the fixture's fields (and no others) and parse as decisions, revision first. */
    @Test
    void theDemoDecisionsAreDecisionsAsPostHogWritesThem() throws Exception {
        List<SourceRecord> decisions = DemoDecisions.at(Messages.T0, new Random(9));
        var parser = new dev.revguard.job.source.posthog.PostHogParser();
        java.util.Set<String> fixturePaths = new java.util.HashSet<>(Fixtures.paths(Fixtures.read("posthog/strategic-decision.json")));
        for (SourceRecord r : decisions) {
            JsonNode d = parse(r);
            assertThat(d.get("event").asText()).isEqualTo("strategic_decision_event");
            assertThat(fixturePaths).containsAll(Fixtures.paths(d));
            var parsed = parser.parse(r.value());
            assertThat(parsed.kind()).as(r.body().toString()).isEqualTo(dev.revguard.job.source.Parsed.Kind.DECISION);
        }
        assertThat(decisions.stream().map(r -> parser.parse(r.value()).decision().decisionId()).distinct()).hasSize(6);
        var first = parser.parse(decisions.get(0).value()).decision();
        var second = parser.parse(decisions.get(1).value()).decision();
        assertThat(first.decisionId()).isEqualTo(second.decisionId());
        assertThat(first.decidedAt()).isGreaterThan(second.decidedAt());
    }

    // ---- malformed records ----

    @ParameterizedTest
    @ValueSource(strings = {"posthog", "sendgrid", "mailgun", "ses"})
    void malformedRecordsHaveTheirOneDefect(String source) throws Exception {
        Map<String, Shape> shapes = Map.of("posthog", new PostHogShape(), "sendgrid", new SendGridShape(),
                "mailgun", new MailgunShape(KEY), "ses", new SesShape());
        Shape shape = shapes.get(source);
        SourceRecord good = shape.render(Messages.of(source, source, "receipts", SENT, DELIVERED), new Random(10)).get(1);
        byte[] before = good.value();

        SourceRecord truncated = shape.malform(good, Malformation.TRUNCATED);
        assertThat(truncated.value()).hasSize(good.value().length / 2);
        assertThatThrownBy(() -> Json.MAPPER.readTree(truncated.value())).isInstanceOf(Exception.class);

        JsonNode unknown = Json.MAPPER.readTree(shape.malform(good, Malformation.UNKNOWN_EVENT_TYPE).value());
        JsonNode missing = Json.MAPPER.readTree(shape.malform(good, Malformation.MISSING_ID).value());
        SourceRecord missingRecord = shape.malform(good, Malformation.MISSING_ID);
        switch (source) {
            case "posthog" -> {
                assertThat(unknown.at("/properties/status").asText()).isEqualTo("failed");
                assertThat(missing.has("uuid")).isFalse();
            }
            case "sendgrid" -> {
                assertThat(unknown.get("event").asText()).isEqualTo("bounced");
                assertThat(missing.has("sg_event_id")).isFalse();
                assertThat(missingRecord.key()).isEqualTo("sendgrid");
            }
            case "mailgun" -> {
                assertThat(unknown.at("/event-data/event").asText()).isEqualTo("bounced");
                assertThat(missing.get("event-data").has("id")).isFalse();
                assertThat(missingRecord.key()).isEqualTo("mailgun");
            }
            default -> {
                assertThat(unknown.get("eventType").asText()).isEqualTo("Bounced");
                assertThat(missing.get("mail").has("messageId")).isFalse();
            }
        }
        // The good record is left as it was.
        assertThat(good.value()).isEqualTo(before);
    }
}
