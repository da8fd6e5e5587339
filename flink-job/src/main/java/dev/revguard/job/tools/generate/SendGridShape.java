package dev.revguard.job.tools.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.job.source.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * SendGrid Event Webhook elements (../shared/fixtures/sendgrid/): {@code processed} (no IP),
 * {@code delivered}, {@code deferred}, {@code bounce} (type {@code bounce} or {@code blocked}) with
 * the sending {@code ip}, {@code dropped} and {@code spamreport} without one. The account and the
 * sending domain travel as the custom arguments {@code account_id} and {@code sending_domain}.
 */
public final class SendGridShape implements Shape {

    @Override
    public String source() {
        return Sources.SENDGRID;
    }

    @Override
    public List<SourceRecord> render(Message m, Random random) {
        String core = Ids.base64Url(random, 16);
        String smtpId = "<" + core + "@geopod-ismtpd-" + (1 + random.nextInt(9)) + ">";
        String sgMessageId = core + ".recvd-" + Ids.hex(random, 10) + "-" + Ids.lowerAlnum(random, 5) + "-1-"
                + String.format(Locale.ROOT, "%08X", m.sentAt() / 1000) + "-" + Ids.hex(random, 2).toUpperCase(Locale.ROOT)
                + ".0";
        List<SourceRecord> out = new ArrayList<>(m.steps().size());
        int attempt = 0;
        for (Message.Step step : m.steps()) {
            String id = Ids.base64Url(random, 16);
            ObjectNode e = Json.object();
            e.put("email", m.recipient());
            e.put("timestamp", step.at() / 1000);
            e.put("event", eventName(step));
            e.put("smtp-id", smtpId);
            e.put("sg_message_id", sgMessageId);
            e.put("sg_event_id", id);
            if (m.campaign().equals("receipts") || m.campaign().equals("password-reset")) {
                e.put("category", m.campaign());
            } else {
                e.set("category", Json.array("newsletter", m.campaign()));
            }
            switch (step.outcome()) {
                case SENT -> {
                    ObjectNode pool = e.putObject("pool");
                    pool.put("name", m.campaign().equals("receipts") ? "transactional" : "marketing");
                    pool.put("id", 200 + m.accountIndex() % 50);
                }
                case DELIVERED -> {
                    e.put("ip", m.ip());
                    e.put("response", "250 2.0.0 OK " + step.at() / 1000 + " " + Ids.lowerAlnum(random, 10) + " - gsmtp");
                    e.put("tls", 1);
                }
                case DEFERRED -> {
                    e.put("ip", m.ip());
                    e.put("response", "421 4.7.0 Try again later, closing connection.");
                    e.put("attempt", Integer.toString(++attempt));
                    e.put("tls", 1);
                }
                case BOUNCED -> {
                    e.put("ip", m.ip());
                    e.put("type", "bounce");
                    e.put("bounce_classification", "Invalid Address");
                    e.put("reason", "550 5.1.1 The email account that you tried to reach does not exist.");
                    e.put("status", "5.1.1");
                    e.put("tls", 1);
                }
                case SOFT_BOUNCED -> {
                    e.put("ip", m.ip());
                    e.put("type", "blocked");
                    e.put("bounce_classification", "Reputation");
                    e.put("reason", "554 5.7.1 Service unavailable; client host [" + m.ip() + "] blocked using a reputation list");
                    e.put("status", "5.7.1");
                    e.put("tls", 1);
                }
                case DROPPED -> {
                    e.put("reason", "Bounced Address");
                    e.put("status", "5.0.0");
                }
                case SPAM_COMPLAINT -> { }
            }
            e.put("account_id", m.account());
            e.put("sending_domain", m.domain());
            e.put("campaign", m.campaign());
            // SendGrid times are whole seconds: the record's time is the one the job will read.
            out.add(new SourceRecord(source(), source() + ":" + id, id, step.at() / 1000 * 1000, e, false));
        }
        return out;
    }

    private static String eventName(Message.Step step) {
        return switch (step.outcome()) {
            case SENT -> "processed";
            case DELIVERED -> "delivered";
            case DEFERRED -> "deferred";
            case BOUNCED, SOFT_BOUNCED -> "bounce";
            case DROPPED -> "dropped";
            case SPAM_COMPLAINT -> "spamreport";
        };
    }

    @Override
    public SourceRecord breakField(SourceRecord record, Malformation kind) {
        ObjectNode e = (ObjectNode) record.body().deepCopy();
        if (kind == Malformation.UNKNOWN_EVENT_TYPE) {
            e.put("event", "bounced");
            return record.withBody(record.key(), e);
        }
        e.remove("sg_event_id");
        return record.withBody(source(), e);
    }
}
