package dev.revguard.query.intake;

import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /ingest/v1/{sendgrid,mailgun,ses,posthog}}: the webhook intake. Every request is
 * judged in the same order: the route is configured (404), the body's size (413), its authenticity
 * (401; 403 for an SNS topic not configured), its JSON syntax (400) and each event's size (413);
 * then every event is written to Kafka and the answer is 200 only once Kafka acknowledged them all
 * (503 otherwise, so the sender retries). Mailgun and SNS sign inside the body, so for them a body
 * that is not JSON is 400 before any signature can be looked at.
 */
public final class IntakeController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeController.class);
    private static final String SENDGRID = "sendgrid";
    private static final String MAILGUN = "mailgun";
    private static final String SES = "ses";
    private static final String POSTHOG = "posthog";
    /** Twice the timestamp tolerance and a margin: a replay of an older token is refused as stale anyway. */
    private static final Duration KEEP_TOKENS = IntakeSettings.TIMESTAMP_TOLERANCE.multipliedBy(3);

    private final IntakeSettings settings;
    private final KafkaEventWriter writer;
    private final IntakeMetrics metrics;
    private final SendGridVerifier sendgrid;
    private final MailgunVerifier mailgun;
    private final SeenTokens seenTokens;
    private final SnsVerifier sns;
    private final SnsSubscriptions subscriptions;
    private final PostHogVerifier posthog;

    public IntakeController(IntakeSettings settings, Jdbi writeJdbi, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.metrics = new IntakeMetrics(registry);
        this.writer = settings.anyConfigured() ? new KafkaEventWriter(settings.kafkaBootstrapServers(), settings.kafkaTimeout()) : null;
        this.sendgrid = settings.sendgridConfigured() ? new SendGridVerifier(settings.sendgridPublicKey()) : null;
        this.mailgun = settings.mailgunConfigured()
                ? new MailgunVerifier(settings.mailgunSigningKey(), clock, IntakeSettings.TIMESTAMP_TOLERANCE) : null;
        this.seenTokens = new SeenTokens(writeJdbi, clock, KEEP_TOKENS);
        if (settings.sesConfigured()) {
            SnsUrls urls = new SnsUrls(settings.snsCertHosts());
            // Never follow a redirect: it could lead away from the hosts SnsUrls allows.
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            Duration fetchTimeout = Duration.ofSeconds(3);
            this.sns = new SnsVerifier(settings.snsTopicArns(), new SnsCertificates(urls, http, fetchTimeout, clock));
            this.subscriptions = new SnsSubscriptions(settings.snsAutoConfirm(), urls, http, fetchTimeout);
        } else {
            this.sns = null;
            this.subscriptions = null;
        }
        this.posthog = settings.posthogConfigured()
                ? new PostHogVerifier(settings.posthogToken(), settings.posthogSigningSecret(), clock, IntakeSettings.TIMESTAMP_TOLERANCE)
                : null;
    }

    /** Declares the four routes (inside {@code apiBuilder}); none of them takes an API token. */
    public void routes() {
        post("/ingest/v1/sendgrid", ctx -> handle(ctx, SENDGRID, sendgrid != null, this::sendgrid));
        post("/ingest/v1/mailgun", ctx -> handle(ctx, MAILGUN, mailgun != null, this::mailgun));
        post("/ingest/v1/ses", ctx -> handle(ctx, SES, sns != null, this::ses));
        post("/ingest/v1/posthog", ctx -> handle(ctx, POSTHOG, posthog != null, this::posthog));
    }

    /** What a verified request becomes: records for one topic, and what to do once Kafka has them. */
    private record Batch(String topic, List<IntakeRecord> records, Runnable afterStored) {}

    @FunctionalInterface
    private interface Judge {
        Batch judge(Context ctx, byte[] body);
    }

    /** The JSON answer of a stored request. */
    public record Stored(int records) {}

    private void handle(Context ctx, String provider, boolean configured, Judge judge) {
        metrics.request(provider);
        try {
            if (!configured) {
                LOG.info("{} {}: the {} intake is not configured (404)", ctx.method(), ctx.path(), provider);
                throw Refusal.notConfigured(ctx.path());
            }
            byte[] body = RequestBodies.read(ctx, settings.maxBodyBytes());
            Batch batch = judge.judge(ctx, body);
            for (IntakeRecord r : batch.records()) {
                if (r.value().length > IntakeSettings.MAX_EVENT_BYTES) {
                    throw Refusal.tooLarge(Refusal.EVENT_TOO_LARGE,
                            "an event is larger than " + IntakeSettings.MAX_EVENT_BYTES + " bytes");
                }
            }
            if (!batch.records().isEmpty()) {
                writer.write(batch.topic(), batch.records());
            }
            batch.afterStored().run();
            metrics.stored(provider, batch.records().size());
            ctx.status(200).json(new Stored(batch.records().size()));
        } catch (Refusal r) {
            metrics.refused(provider, r.reason());
            if (r.status() != 400 && r.status() != 404) { // App logs 400s; 404 was logged above
                LOG.info("{} {} from {}: {} {} ({})", ctx.method(), ctx.path(), ctx.ip(), r.status(), r.reason(), r.getMessage());
            }
            throw r;
        }
    }

    private Batch sendgrid(Context ctx, byte[] body) {
        sendgrid.verify(ctx.header(SendGridVerifier.SIGNATURE_HEADER), ctx.header(SendGridVerifier.TIMESTAMP_HEADER), body);
        JsonNode tree = JsonBodies.parse(body);
        List<byte[]> events = tree.isArray() ? JsonBodies.arrayElements(body) : List.of(body);
        return new Batch(settings.providersTopic(), keyed(SENDGRID, events, e -> JsonBodies.scalar(e, "sg_event_id")), () -> {});
    }

    private Batch mailgun(Context ctx, byte[] body) {
        JsonNode tree = JsonBodies.parse(body);
        String token = mailgun.verify(tree);
        if (seenTokens.seen(MAILGUN, token)) {
            throw Refusal.unauthorized(Refusal.REPLAYED_TOKEN, "signature.token was seen before");
        }
        IntakeRecord record = IntakeRecord.of(MAILGUN, JsonBodies.scalar(tree.path("event-data"), "id"), body);
        return new Batch(settings.providersTopic(), List.of(record), () -> {
            if (!seenTokens.record(MAILGUN, token)) {
                // A concurrent request with the same token recorded it first: that one was the original.
                throw Refusal.unauthorized(Refusal.REPLAYED_TOKEN, "signature.token was seen before");
            }
        });
    }

    private Batch ses(Context ctx, byte[] body) {
        JsonNode message = JsonBodies.parse(body);
        String type = sns.verify(message);
        String topic = SnsVerifier.text(message, "TopicArn");
        if (SnsVerifier.SUBSCRIPTION_CONFIRMATION.equals(type)) {
            subscriptions.confirm(topic, SnsVerifier.text(message, "SubscribeURL"));
        } else if (SnsVerifier.UNSUBSCRIBE_CONFIRMATION.equals(type)) {
            LOG.info("SNS topic {} unsubscribed this intake", topic);
        }
        // The whole envelope is the record (the job unwraps it); confirmations too: the intake does not filter.
        IntakeRecord record = IntakeRecord.of(SES, SnsVerifier.text(message, "MessageId"), body);
        return new Batch(settings.providersTopic(), List.of(record), () -> {});
    }

    private Batch posthog(Context ctx, byte[] body) {
        posthog.verify(ctx.header("Authorization"), ctx.header(PostHogVerifier.ID_HEADER),
                ctx.header(PostHogVerifier.TIMESTAMP_HEADER), ctx.header(PostHogVerifier.SIGNATURE_HEADER), body);
        JsonNode tree = JsonBodies.parse(body);
        List<byte[]> events;
        if (tree.isArray()) {
            events = JsonBodies.arrayElements(body);
        } else if (tree.isObject() && tree.path("batch").isArray() && !tree.path("event").isObject()) {
            events = JsonBodies.fieldElements(body, "batch"); // capture-style: api_key, sentAt ... are not events
        } else {
            events = List.of(body); // a flat event, or the destination's {event, person} kept whole
        }
        return new Batch(settings.posthogTopic(), keyed(POSTHOG, events, e -> {
            JsonNode event = e.path("event").isObject() ? e.get("event") : e;
            return JsonBodies.scalar(event, "uuid");
        }), () -> {});
    }

    private static List<IntakeRecord> keyed(String provider, List<byte[]> events,
            java.util.function.Function<JsonNode, String> eventId) {
        List<IntakeRecord> out = new ArrayList<>(events.size());
        for (byte[] e : events) {
            String id = e.length > IntakeSettings.MAX_EVENT_BYTES ? null : eventId.apply(JsonBodies.parse(e));
            out.add(IntakeRecord.of(provider, id, e));
        }
        return out;
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
