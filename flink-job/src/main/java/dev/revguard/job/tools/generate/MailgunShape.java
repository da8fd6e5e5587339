package dev.revguard.job.tools.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Sources;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mailgun webhook bodies (../shared/fixtures/mailgun/): {@code signature} + {@code event-data}.
 * {@code accepted} carries no sending IP; {@code delivered}, {@code failed} (permanent, or
 * temporary for a deferral or a soft bounce) and {@code complained} name it in
 * {@code envelope.sending-ip}. A dropped message is {@code rejected}: Mailgun refused to send it, so
 * no {@code accepted} comes first. Kafka records are signed here (timestamp two seconds after the
 * event); the intake sender signs again at the time it posts.
 */
public final class MailgunShape implements Shape {
    private static final DateTimeFormatter MESSAGE_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final String signingKey;

    public MailgunShape(String signingKey) {
        this.signingKey = signingKey;
    }

    @Override
    public String source() {
        return Sources.MAILGUN;
    }

    /** Mailgun account ids are 24 hex digits; each generated account gets a fixed one. */
    static String accountId(String account) {
        return Ids.hex(new Random(account.hashCode() * 1_000_003L), 24);
    }

    @Override
    public List<SourceRecord> render(Message m, Random random) {
        String messageId = MESSAGE_ID_TIME.format(Instant.ofEpochMilli(m.sentAt())) + "." + Ids.hex(random, 16) + "@" + m.domain();
        boolean rejected = m.steps().stream().anyMatch(s -> s.outcome() == Outcome.DROPPED);
        JsonNode userVariables = m.campaign().equals("receipts")
                ? Json.object().put("order_ref", "ORD-" + (10_000 + random.nextInt(90_000))) : Json.NODES.arrayNode();
        String provider = recipientProvider(m.recipientDomain());
        List<SourceRecord> out = new ArrayList<>(m.steps().size());
        int attempt = 1;
        for (Message.Step step : m.steps()) {
            if (rejected && step.outcome() == Outcome.SENT) {
                continue;
            }
            String id = Ids.base64Url(random, 16);
            int micros = random.nextInt(1000);
            ObjectNode d = Json.object();
            d.put("event", eventName(step.outcome()));
            d.put("id", id);
            d.set("timestamp", Json.seconds(step.at(), micros, 6));
            d.put("log-level", switch (step.outcome()) {
                case SENT, DELIVERED -> "info";
                case BOUNCED -> "error";
                default -> "warn";
            });
            d.putObject("account").put("id", accountId(m.account()));
            d.putObject("domain").put("name", m.domain());
            d.put("recipient", m.recipient());
            d.put("recipient-domain", m.recipientDomain());
            ObjectNode message = d.putObject("message");
            ObjectNode headers = message.putObject("headers");
            headers.put("message-id", messageId);
            headers.put("from", "Acme <noreply@" + m.domain() + ">");
            headers.put("to", m.recipient());
            headers.put("subject", subject(m.campaign()));
            message.putArray("attachments");
            message.put("size", 12_000 + m.accountIndex() * 37 % 9_000);
            d.set("tags", Json.array(m.campaign()));
            d.putArray("campaigns");
            switch (step.outcome()) {
                case SENT -> {
                    envelope(d, m, false);
                    d.put("method", "HTTP");
                    ObjectNode flags = d.putObject("flags");
                    flags.put("is-authenticated", true);
                    flags.put("is-test-mode", false);
                }
                case DELIVERED -> {
                    envelope(d, m, true);
                    flags(d);
                    ObjectNode ds = d.putObject("delivery-status");
                    ds.put("attempt-no", attempt);
                    ds.put("code", 250);
                    ds.put("message", "OK");
                    ds.putNull("description");
                    ds.set("session-seconds", Json.seconds(200 + random.nextInt(1500), 0, 3));
                    ds.putNull("enhanced-code");
                    ds.put("mx-host", "mx." + m.recipientDomain());
                    ds.put("certificate-verified", true);
                    ds.put("tls", true);
                    ds.put("utf8", true);
                    ds.set("first-delivery-attempt-seconds", Json.seconds(20 + random.nextInt(400), 0, 3));
                    d.put("primary-dkim", "k1._domainkey." + m.domain());
                    d.put("recipient-provider", provider);
                }
                case BOUNCED -> {
                    d.put("severity", "permanent");
                    d.put("reason", "bounce");
                    envelope(d, m, true);
                    flags(d);
                    ObjectNode ds = d.putObject("delivery-status");
                    ds.put("attempt-no", attempt);
                    ds.put("code", 550);
                    ds.put("message", "5.1.1 The email account that you tried to reach does not exist.");
                    ds.putNull("description");
                    ds.set("session-seconds", Json.seconds(100 + random.nextInt(500), 0, 3));
                    ds.put("enhanced-code", "5.1.1");
                    ds.put("mx-host", "mx." + m.recipientDomain());
                    ds.put("certificate-verified", true);
                    ds.put("tls", true);
                    ds.put("utf8", true);
                    ds.set("first-delivery-attempt-seconds", Json.seconds(20 + random.nextInt(400), 0, 3));
                    ds.put("bounce-type", "hard");
                    d.put("recipient-provider", provider);
                }
                case DEFERRED, SOFT_BOUNCED -> {
                    d.put("severity", "temporary");
                    d.put("reason", "generic");
                    envelope(d, m, true);
                    flags(d);
                    ObjectNode ds = d.putObject("delivery-status");
                    ds.put("attempt-no", attempt++);
                    ds.put("code", 421);
                    ds.put("message", "4.7.0 Temporary System Problem. Try again later.");
                    ds.putNull("description");
                    ds.set("session-seconds", Json.seconds(100 + random.nextInt(900), 0, 3));
                    ds.put("retry-seconds", 600);
                    ds.put("enhanced-code", "4.7.0");
                    ds.put("mx-host", "mx." + m.recipientDomain());
                    ds.set("first-delivery-attempt-seconds", Json.seconds(20 + random.nextInt(400), 0, 3));
                    d.put("recipient-provider", provider);
                }
                case DROPPED -> {
                    ObjectNode reject = d.putObject("reject");
                    reject.put("reason", "suppress-bounce");
                    reject.put("description", "Not delivering to previously bounced address");
                    d.putObject("flags").put("is-test-mode", false);
                }
                case SPAM_COMPLAINT -> {
                    d.putObject("envelope").put("sending-ip", m.ip());
                    d.put("recipient-provider", provider);
                }
            }
            d.set("user-variables", userVariables.deepCopy());
            ObjectNode body = Json.object();
            String token = Ids.hex(random, 50);
            body.set("signature", MailgunSignature.block(signingKey, Long.toString(step.at() / 1000 + 2), token));
            body.set("event-data", d);
            out.add(new SourceRecord(source(), source() + ":" + id, id, step.at(), body, false));
        }
        return out;
    }

    private static void envelope(ObjectNode d, Message m, boolean withIp) {
        ObjectNode envelope = d.putObject("envelope");
        envelope.put("sender", "noreply@" + m.domain());
        envelope.put("targets", m.recipient());
        envelope.put("transport", "smtp");
        if (withIp) {
            envelope.put("sending-ip", m.ip());
        }
    }

    private static void flags(ObjectNode d) {
        ObjectNode flags = d.putObject("flags");
        flags.put("is-authenticated", true);
        flags.put("is-routed", false);
        flags.put("is-big", false);
        flags.put("is-system-test", false);
        flags.put("is-test-mode", false);
    }

    private static String eventName(Outcome outcome) {
        return switch (outcome) {
            case SENT -> "accepted";
            case DELIVERED -> "delivered";
            case BOUNCED, SOFT_BOUNCED, DEFERRED -> "failed";
            case DROPPED -> "rejected";
            case SPAM_COMPLAINT -> "complained";
        };
    }

    static String subject(String campaign) {
        return switch (campaign) {
            case "receipts" -> "Your order has shipped";
            case "password-reset" -> "Reset your password";
            case "onboarding" -> "Welcome aboard";
            case "weekly-digest" -> "Your weekly digest";
            default -> "Spring is here";
        };
    }

    private static String recipientProvider(String mailbox) {
        return switch (mailbox) {
            case "gmail.com" -> "Gmail";
            case "yahoo.com", "aol.com" -> "Yahoo";
            case "outlook.com" -> "Microsoft";
            default -> "Other";
        };
    }

    /** A copy of {@code body} with a fresh signature, as Mailgun signs every POST. */
    public static ObjectNode resigned(JsonNode body, String signingKey, String timestamp, String token) {
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        copy.set("signature", MailgunSignature.block(signingKey, timestamp, token));
        return copy;
    }

    @Override
    public SourceRecord breakField(SourceRecord record, Malformation kind) {
        ObjectNode body = (ObjectNode) record.body().deepCopy();
        ObjectNode d = (ObjectNode) body.get("event-data");
        if (kind == Malformation.UNKNOWN_EVENT_TYPE) {
            d.put("event", "bounced");
            return record.withBody(record.key(), body);
        }
        d.remove("id");
        return record.withBody(source(), body);
    }
}
