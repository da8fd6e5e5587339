package dev.revguard.job.source.ses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.MessageIds;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.RecordJson;
import dev.revguard.job.source.RequiredFields;
import dev.revguard.job.source.SourceParser;
import dev.revguard.job.source.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An Amazon SES notification (configuration-set event publishing, {@code eventType}, or identity
 * feedback, {@code notificationType}), or a whole SNS HTTP envelope around one. One notification
 * gives one outcome per recipient, identified by {@code <mail.messageId>:<event type>:<recipient>}.
 */
public final class SesParser implements SourceParser {

    /** Where an event type keeps its recipients and its time. */
    private record Shape(String section, String recipients, boolean recipientObjects) {}

    private static final Shape ON_MAIL = new Shape("mail", "destination", false);
    private static final Map<String, Shape> SHAPES = Map.of(
            "Send", ON_MAIL,
            "Reject", ON_MAIL,
            "Rendering Failure", ON_MAIL,
            "Delivery", new Shape("delivery", "recipients", false),
            "Bounce", new Shape("bounce", "bouncedRecipients", true),
            "Complaint", new Shape("complaint", "complainedRecipients", true),
            "DeliveryDelay", new Shape("deliveryDelay", "delayedRecipients", true));

    /** Documented event types that say nothing about delivery (engagement, subscription changes). */
    private static final Set<String> NO_OUTCOME = Set.of("Open", "Click", "Subscription");

    /** SNS message types that carry no SES notification. */
    private static final Set<String> SNS_CONTROL = Set.of("SubscriptionConfirmation", "UnsubscribeConfirmation");

    private static final String SUPPRESSED = "OnAccountSuppressionList";

    private final RecordJson json = new RecordJson();

    @Override
    public Parsed parse(byte[] value) {
        RecordJson.Read read = json.read(value);
        if (!read.ok()) {
            return read.deadLetter();
        }
        JsonNode root = read.node();
        if (!root.isObject()) {
            return Parsed.deadLetter(Reasons.UNSUPPORTED_FORMAT, "not a JSON object");
        }
        return root.has("Type") ? envelope(root) : notification(root);
    }

    /** An SNS HTTP message: its {@code Message} is the notification. */
    private Parsed envelope(JsonNode envelope) {
        RequiredFields required = new RequiredFields();
        String type = required.text(envelope.get("Type"), "Type");
        if (type == null) {
            return required.deadLetter();
        }
        if (SNS_CONTROL.contains(type)) {
            return Parsed.ignored(type);
        }
        if (!type.equals("Notification")) {
            return Parsed.deadLetter(Reasons.UNSUPPORTED_FORMAT, "SNS message type " + RecordJson.abbreviate(type));
        }
        String message = required.text(envelope.get("Message"), "Message");
        if (message == null) {
            return required.deadLetter();
        }
        RecordJson.Read inner = json.readEmbedded(message, Reasons.UNPARSEABLE_JSON, "Message");
        if (!inner.ok()) {
            return inner.deadLetter();
        }
        if (!inner.node().isObject()) {
            return Parsed.deadLetter(Reasons.UNSUPPORTED_FORMAT, "Message: not a JSON object");
        }
        return notification(inner.node());
    }

    private Parsed notification(JsonNode n) {
        RequiredFields required = new RequiredFields();
        // Both forms name the same types; whichever carried it, the dedup id is the same.
        boolean published = RecordJson.present(n, "eventType");
        String type = required.text(n.get(published ? "eventType" : "notificationType"),
                published ? "eventType" : "notificationType");
        if (type == null) {
            return required.deadLetter();
        }
        if (NO_OUTCOME.contains(type)) {
            return Parsed.ignored(type);
        }
        Shape shape = SHAPES.get(type);
        if (shape == null) {
            return Parsed.deadLetter(Reasons.UNKNOWN_EVENT_TYPE, RecordJson.abbreviate(type));
        }
        JsonNode mail = n.get("mail");
        JsonNode section = n.get(shape.section());
        Outcome outcome = switch (type) {
            case "Bounce" -> bounceOutcome(section, required);
            case "Complaint" -> complaintOutcome(section);
            case "Delivery" -> Outcome.DELIVERED;
            case "DeliveryDelay" -> Outcome.DEFERRED;
            case "Send" -> Outcome.SENT;
            default -> Outcome.DROPPED; // Reject, Rendering Failure: SES sent nothing
        };
        if (outcome == null) {
            return Parsed.ignored(type); // a complaint the recipient marked not-spam
        }

        boolean objects = objectField(mail, "mail", required);
        if (shape != ON_MAIL) {
            objects &= objectField(section, shape.section(), required);
        }
        if (!objects) {
            return required.deadLetter();
        }
        JsonNode id = mail.get("messageId");
        if (id != null && !id.isNull() && !id.isTextual()) {
            required.invalid("mail.messageId");
        }
        String messageId = RecordJson.text(mail, "messageId");
        if (messageId == null && required.ok()) {
            return Parsed.deadLetter(Reasons.MISSING_EVENT_ID, "mail.messageId");
        }
        List<String> recipients = recipients(section, shape, required);
        long timestamp = required.isoTimestamp(section.get("timestamp"), shape.section() + ".timestamp");
        if (!required.ok()) {
            return required.deadLetter();
        }
        if (recipients.isEmpty()) {
            return Parsed.deadLetter(Reasons.MISSING_RECIPIENT, "no " + shape.section() + "." + shape.recipients());
        }

        messageId = messageId.strip();
        JsonNode tags = mail.get("tags");
        String fromDomain = lowerCase(firstTag(tags, "ses:from-domain"));
        String sendingDomain = fromDomain != null ? fromDomain : RecordJson.domainOf(RecordJson.text(mail, "source"));
        String accountId = strip(RecordJson.text(mail, "sendingAccountId"));
        // Only the outgoing-ip tag names SES's sending server; mail.sourceIp and ses:source-ip are the
        // API caller's address, bounce.remoteMtaIp the receiving server's.
        String sendingIp = firstTag(tags, "ses:outgoing-ip");
        List<DeliveryEvent> events = new ArrayList<>(recipients.size());
        for (String recipient : recipients) {
            events.add(new DeliveryEvent(
                    messageId + ":" + type + ":" + recipient.toLowerCase(Locale.ROOT),
                    timestamp,
                    outcome,
                    accountId,
                    sendingDomain,
                    sendingIp,
                    Sources.SES,
                    RecordJson.domainOf(recipient),
                    Sources.SES,
                    MessageIds.normalise(messageId)));
        }
        return Parsed.events(events);
    }

    /**
     * A {@code Permanent} bounce of an address on the account's suppression list never left SES
     * (and SES does not count it toward the bounce rate); {@code Transient} comes only after SES
     * stopped retrying, {@code Undetermined} carries no reason SES could classify.
     */
    private static Outcome bounceOutcome(JsonNode bounce, RequiredFields required) {
        if (bounce == null || !bounce.isObject()) {
            return Outcome.BOUNCED; // the missing object is the fault, recorded with the others
        }
        String bounceType = RecordJson.text(bounce, "bounceType");
        if (bounceType == null) {
            required.missing("bounce.bounceType");
            return Outcome.BOUNCED;
        }
        return switch (bounceType) {
            case "Permanent" -> SUPPRESSED.equals(RecordJson.text(bounce, "bounceSubType"))
                    ? Outcome.DROPPED : Outcome.BOUNCED;
            case "Transient", "Undetermined" -> Outcome.SOFT_BOUNCED;
            default -> {
                required.invalid("bounce.bounceType");
                yield Outcome.BOUNCED;
            }
        };
    }

    /** Null for a complaint that is not one: the recipient's feedback said {@code not-spam}. */
    private static Outcome complaintOutcome(JsonNode complaint) {
        if (SUPPRESSED.equals(RecordJson.text(complaint, "complaintSubType"))) {
            return Outcome.DROPPED; // accepted, not sent: the address is on the suppression list
        }
        return "not-spam".equals(RecordJson.text(complaint, "complaintFeedbackType")) ? null : Outcome.SPAM_COMPLAINT;
    }

    /**
     * The recipients an event names, stripped, in their order; none when the list is absent or
     * empty, and the fault recorded when it is not a list of addresses.
     */
    private static List<String> recipients(JsonNode section, Shape shape, RequiredFields required) {
        String field = shape.section() + "." + shape.recipients();
        JsonNode list = section.get(shape.recipients());
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            required.invalid(field);
            return List.of();
        }
        List<String> recipients = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            String address = shape.recipientObjects()
                    ? required.address(element.isObject() ? element.get("emailAddress") : element,
                            field + "[" + i + "].emailAddress")
                    : required.address(element, field + "[" + i + "]");
            if (address != null) {
                recipients.add(bareAddress(address));
            }
        }
        return recipients;
    }

    /** The address of {@code Name <a@b>}; the dedup id and the domain need only the address. */
    private static String bareAddress(String address) {
        int lt = address.lastIndexOf('<');
        int gt = address.lastIndexOf('>');
        return lt >= 0 && gt > lt ? address.substring(lt + 1, gt).strip() : address;
    }

    private static boolean objectField(JsonNode node, String field, RequiredFields required) {
        if (node == null || node.isNull()) {
            required.missing(field);
            return false;
        }
        if (!node.isObject()) {
            required.invalid(field);
            return false;
        }
        return true;
    }

    /** The first value of an SES message tag ({@code "ses:outgoing-ip": ["203.0.113.30"]}). */
    private static String firstTag(JsonNode tags, String name) {
        JsonNode values = tags == null || !tags.isObject() ? null : tags.get(name);
        JsonNode first = values == null ? null : values.isArray() ? values.get(0) : values;
        return first == null || !first.isTextual() || first.textValue().isBlank() ? null : first.textValue().strip();
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static String lowerCase(String domain) {
        return domain == null ? null : domain.toLowerCase(Locale.ROOT);
    }
}
