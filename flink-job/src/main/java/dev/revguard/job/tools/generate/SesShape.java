package dev.revguard.job.tools.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.job.source.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Amazon SES event-publishing notifications (../shared/fixtures/ses/), the SNS {@code Message}:
 * {@code Send}, {@code Delivery}, {@code Bounce} (Permanent/General; Transient/MailboxFull for a
 * soft bounce; Permanent/OnAccountSuppressionList or a {@code Reject} for a drop),
 * {@code DeliveryDelay} and {@code Complaint}. Only {@code Delivery} names the sending IP
 * ({@code mail.tags["ses:outgoing-ip"]}), as in the fixtures. The record id is the SNS message id
 * the notification is delivered under, so a resent notification keeps it.
 */
public final class SesShape implements Shape {
    static final String REGION = "us-east-1";
    static final String REPORTING_MTA = "a8-30.smtp-out.amazonses.com";
    /** The client that called the SES API: never a sending IP. */
    static final String API_CALLER_IP = "192.0.2.250";

    @Override
    public String source() {
        return Sources.SES;
    }

    /** An AWS account id (12 digits) for each generated account. */
    static String awsAccountId(String account) {
        return String.format(Locale.ROOT, "1111%08d", Math.floorMod(account.hashCode(), 100_000_000));
    }

    /** {@code 0100<epoch ms in hex>-<uuid>-000000}, the form of SES message and feedback ids. */
    private static String sesId(long millis, Random random) {
        return String.format(Locale.ROOT, "0100%012x-%s-000000", millis, Ids.uuid(random));
    }

    @Override
    public List<SourceRecord> render(Message m, Random random) {
        String messageId = sesId(m.sentAt(), random);
        String awsAccount = awsAccountId(m.account());
        boolean suppressed = random.nextDouble() < 0.7;
        List<SourceRecord> out = new ArrayList<>(m.steps().size());
        for (Message.Step step : m.steps()) {
            long eventTime = step.at();
            ObjectNode n = Json.object();
            String at = Ids.isoMillis(step.at());
            ArrayNode recipients = Json.array(m.recipient());
            switch (step.outcome()) {
                case SENT -> {
                    n.put("eventType", "Send");
                    n.set("mail", mail(m, messageId, awsAccount, false));
                    n.putObject("send");
                }
                case DELIVERED -> {
                    n.put("eventType", "Delivery");
                    n.set("mail", mail(m, messageId, awsAccount, true));
                    ObjectNode d = n.putObject("delivery");
                    d.put("timestamp", at);
                    d.put("processingTimeMillis", step.at() - m.sentAt());
                    d.set("recipients", recipients);
                    d.put("smtpResponse", "250 2.0.0 OK " + step.at() / 1000 + " " + Ids.lowerAlnum(random, 10) + " - gsmtp");
                    d.put("reportingMTA", REPORTING_MTA);
                }
                case BOUNCED -> bounce(n, m, messageId, awsAccount, at, random, "Permanent", "General", "5.1.1",
                        "smtp; 550 5.1.1 <" + m.recipient() + ">: Recipient address rejected: User unknown");
                case SOFT_BOUNCED -> bounce(n, m, messageId, awsAccount, at, random, "Transient", "MailboxFull", "4.2.2",
                        "smtp; 452 4.2.2 The email account that you tried to reach is over quota.");
                case DROPPED -> {
                    if (suppressed) {
                        bounce(n, m, messageId, awsAccount, at, random, "Permanent", "OnAccountSuppressionList", "5.1.1",
                                "Amazon SES did not send the message to this address because it is on the suppression list for your account.");
                    } else {
                        n.put("eventType", "Reject");
                        eventTime = m.sentAt(); // a Reject's time is its mail's: SES refused it at the send
                        n.set("mail", mail(m, messageId, awsAccount, false));
                        n.putObject("reject").put("reason", "Bad content");
                    }
                }
                case DEFERRED -> {
                    n.put("eventType", "DeliveryDelay");
                    n.set("mail", mail(m, messageId, awsAccount, false));
                    ObjectNode d = n.putObject("deliveryDelay");
                    d.put("timestamp", at);
                    d.put("delayType", "TransientCommunicationFailure");
                    d.put("expirationTime", Ids.isoMillis(m.sentAt() + 14 * 3_600_000L));
                    ObjectNode r = d.putArray("delayedRecipients").addObject();
                    r.put("emailAddress", m.recipient());
                    r.put("status", "4.4.1");
                    r.put("diagnosticCode", "smtp; 421 4.4.1 Unable to connect to remote host");
                    d.put("reportingMTA", REPORTING_MTA);
                }
                case SPAM_COMPLAINT -> {
                    n.put("eventType", "Complaint");
                    ObjectNode c = n.putObject("complaint");
                    c.put("feedbackId", sesId(step.at(), random));
                    c.putNull("complaintSubType");
                    c.putArray("complainedRecipients").addObject().put("emailAddress", m.recipient());
                    c.put("timestamp", at);
                    c.put("userAgent", "ExampleMail Feedback Loop (V0.01)");
                    c.put("complaintFeedbackType", "abuse");
                    c.put("arrivalDate", Ids.isoMillis(step.at() - 5_000));
                    n.set("mail", mail(m, messageId, awsAccount, false));
                }
            }
            String snsMessageId = Ids.uuid(random).toString();
            out.add(new SourceRecord(source(), source() + ":" + snsMessageId, snsMessageId, eventTime, n, false));
        }
        return out;
    }

    private static void bounce(ObjectNode n, Message m, String messageId, String awsAccount, String at, Random random,
                               String type, String subType, String status, String diagnostic) {
        n.put("eventType", "Bounce");
        ObjectNode b = n.putObject("bounce");
        b.put("feedbackId", sesId(m.sentAt() + 1, random));
        b.put("bounceType", type);
        b.put("bounceSubType", subType);
        ObjectNode r = b.putArray("bouncedRecipients").addObject();
        r.put("emailAddress", m.recipient());
        r.put("action", "failed");
        r.put("status", status);
        r.put("diagnosticCode", diagnostic);
        b.put("timestamp", at);
        b.put("reportingMTA", "dsn; " + REPORTING_MTA);
        n.set("mail", mail(m, messageId, awsAccount, false));
    }

    private static ObjectNode mail(Message m, String messageId, String awsAccount, boolean withOutgoingIp) {
        String from = "Acme Notifications <notifications@" + m.domain() + ">";
        String subject = MailgunShape.subject(m.campaign());
        ObjectNode mail = Json.object();
        mail.put("timestamp", Ids.isoMillis(m.sentAt()));
        mail.put("source", from);
        mail.put("sourceArn", "arn:aws:ses:" + REGION + ":" + awsAccount + ":identity/" + m.domain());
        mail.put("sendingAccountId", awsAccount);
        mail.put("messageId", messageId);
        mail.set("destination", Json.array(m.recipient()));
        mail.put("headersTruncated", false);
        ArrayNode headers = mail.putArray("headers");
        header(headers, "From", from);
        header(headers, "To", m.recipient());
        header(headers, "Subject", subject);
        header(headers, "MIME-Version", "1.0");
        header(headers, "Content-Type", "text/html; charset=UTF-8");
        ObjectNode common = mail.putObject("commonHeaders");
        common.set("from", Json.array(from));
        common.set("to", Json.array(m.recipient()));
        common.put("messageId", messageId);
        common.put("subject", subject);
        ObjectNode tags = mail.putObject("tags");
        tags.set("ses:operation", Json.array("SendEmail"));
        tags.set("ses:configuration-set", Json.array("acme-" + m.campaign()));
        tags.set("ses:source-ip", Json.array(API_CALLER_IP));
        tags.set("ses:from-domain", Json.array(m.domain()));
        tags.set("ses:caller-identity", Json.array("acme-sender"));
        if (withOutgoingIp) {
            tags.set("ses:outgoing-ip", Json.array(m.ip()));
        }
        tags.set("stream", Json.array(m.campaign()));
        return mail;
    }

    private static void header(ArrayNode headers, String name, String value) {
        ObjectNode h = headers.addObject();
        h.put("name", name);
        h.put("value", value);
    }

    @Override
    public SourceRecord breakField(SourceRecord record, Malformation kind) {
        ObjectNode n = (ObjectNode) record.body().deepCopy();
        if (kind == Malformation.UNKNOWN_EVENT_TYPE) {
            n.put("eventType", "Bounced");
        } else {
            ObjectNode mail = (ObjectNode) n.get("mail");
            mail.remove("messageId");
            ((ObjectNode) mail.get("commonHeaders")).remove("messageId");
        }
        return record.withBody(record.key(), n);
    }
}
