package dev.revguard.job.tools.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.job.source.Sources;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * PostHog {@code email_deliverability_event}s as PostHog exports them, the flat
 * {@code {uuid, event, distinct_id, timestamp, properties}} (../shared/fixtures/posthog/), one per
 * step with the step's status; the business records the sending IP on every event, the send
 * included ({@link DemoDecisions} writes the business's decisions). Through the intake, an event travels
 * as the CDP HTTP Webhook destination's body {@code {event, person}} ({@link #webhookBody}).
 */
public final class PostHogShape implements Shape {
    private static final DateTimeFormatter MESSAGE_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    static final String DELIVERABILITY_EVENT = "email_deliverability_event";

    @Override
    public String source() {
        return Sources.POSTHOG;
    }

    @Override
    public List<SourceRecord> render(Message m, Random random) {
        String messageId = "<" + MESSAGE_ID_TIME.format(Instant.ofEpochMilli(m.sentAt())) + "." + Ids.hex(random, 12)
                + "@" + m.domain() + ">";
        List<SourceRecord> out = new ArrayList<>(m.steps().size());
        for (Message.Step step : m.steps()) {
            String uuid = Ids.uuidV7(step.at(), random).toString();
            ObjectNode e = Json.object();
            e.put("uuid", uuid);
            e.put("event", DELIVERABILITY_EVENT);
            e.put("distinct_id", m.account());
            e.put("timestamp", Ids.isoMillis(step.at()));
            e.put("team_id", 1);
            ObjectNode p = e.putObject("properties");
            p.put("status", step.outcome().status());
            p.put("account_id", m.account());
            p.put("sending_domain", m.domain());
            p.put("sending_ip", m.ip());
            p.put("provider", m.provider());
            p.put("recipient_domain", m.recipientDomain());
            p.put("message_id", messageId);
            out.add(new SourceRecord(source(), null, uuid, step.at(), e, false));
        }
        return out;
    }

    /** The CDP HTTP Webhook destination's default body for a flat event: {@code {event, person}}. */
    public static ObjectNode webhookBody(JsonNode flat) {
        ObjectNode event = Json.object();
        String uuid = flat.path("uuid").asText("");
        String timestamp = flat.path("timestamp").asText("");
        String distinctId = flat.path("distinct_id").asText("");
        for (var f : flat.properties()) {
            if (!f.getKey().equals("team_id")) {
                event.set(f.getKey(), f.getValue());
            }
        }
        event.put("elements_chain", "");
        event.put("url", "http://127.0.0.1:8000/project/1/events/" + uuid + "/" + timestamp.replace(":", "%3A"));
        ObjectNode body = Json.object();
        body.set("event", event);
        ObjectNode person = body.putObject("person");
        person.put("id", UUID.nameUUIDFromBytes(distinctId.getBytes(StandardCharsets.UTF_8)).toString());
        person.put("name", distinctId);
        ObjectNode props = person.putObject("properties");
        props.put("account_id", distinctId);
        person.put("url", "http://127.0.0.1:8000/project/1/person/" + distinctId);
        return body;
    }

    @Override
    public SourceRecord breakField(SourceRecord record, Malformation kind) {
        ObjectNode e = (ObjectNode) record.body().deepCopy();
        boolean deliverability = DELIVERABILITY_EVENT.equals(e.path("event").asText());
        if (kind == Malformation.UNKNOWN_EVENT_TYPE && deliverability) {
            // PostHog event names are open-ended (others are ignored): the defect is an unknown status.
            ((ObjectNode) e.get("properties")).put("status", "failed");
        } else {
            e.remove("uuid");
        }
        return record.withBody(record.key(), e);
    }
}
