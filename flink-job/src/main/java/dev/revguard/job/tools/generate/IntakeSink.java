package dev.revguard.job.tools.generate;

import dev.revguard.job.source.Sources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Posts records to the revguard HTTP intake the way each sender does: SendGrid batches (JSON
 * arrays of up to 100 events, at least every second) with the Signed Event Webhook headers; one
 * Mailgun body per event, signed at the time it is posted; one SNS Notification per SES event,
 * signed with SignatureVersion 2; PostHog CDP webhook bodies with the bearer token. A 503 (or 429,
 * 502, 504) or a connection error is retried with backoff, as the senders retry; other answers
 * are counted as refused.
 */
public final class IntakeSink implements Sink {
    static final int BATCH_EVENTS = 100;
    static final long BATCH_MILLIS = 1_000;
    static final int MAX_ATTEMPTS = 10;
    private static final int LOGGED_REFUSALS = 3;

    /** Counts for one sender; events, not requests, except {@code requests}. */
    static final class Counts {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
    }

    private final String base;
    private final IntakeKeys keys;
    private final SnsEnvelope sns;
    private final HttpClient client;
    private final PrintStream out;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final LongSupplier wallClock;
    private final SecureRandom tokens = new SecureRandom();
    private final Map<String, Counts> counts = new LinkedHashMap<>();
    private final List<byte[]> batch = new ArrayList<>();
    private long batchSince;

    public IntakeSink(URI intake, IntakeKeys keys, String certificateUrl, HttpClient client, PrintStream out,
                      int maxInFlight, LongSupplier wallClock) {
        String s = intake.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.keys = keys;
        this.sns = new SnsEnvelope(keys.snsKey(), certificateUrl, IntakeKeys.SNS_TOPIC_ARN);
        this.client = client;
        this.out = out;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.wallClock = wallClock;
        for (String source : List.of(Sources.SENDGRID, Sources.MAILGUN, Sources.SES, Sources.POSTHOG)) {
            counts.put(source, new Counts());
        }
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Counts of one sender, for tests: requests, accepted, refused, failed, retries. */
    long[] counts(String source) {
        Counts c = counts.get(source);
        return new long[] {c.requests.get(), c.accepted.get(), c.refused.get(), c.failed.get(), c.retries.get()};
    }

    @Override
    public void accept(SourceRecord record) throws InterruptedException {
        long now = wallClock.getAsLong();
        switch (record.source()) {
            case Sources.SENDGRID -> {
                if (batch.isEmpty()) {
                    batchSince = now;
                }
                batch.add(record.value());
                if (batch.size() >= BATCH_EVENTS) {
                    flushBatch(now);
                }
            }
            case Sources.MAILGUN -> {
                String token = hexToken();
                byte[] body = Json.bytes(MailgunShape.resigned(record.body(), keys.mailgunSigningKey(),
                        Long.toString(now / 1000), token));
                post(Sources.MAILGUN, "/ingest/v1/mailgun", body, 1, "Content-Type", "application/json",
                        "User-Agent", "mailgun/treq-16.12.0");
            }
            case Sources.SES -> {
                String message = new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
                byte[] body = Json.bytes(sns.notification(record.id(), message, Ids.isoMillis(now)));
                post(Sources.SES, "/ingest/v1/ses", body, 1, "Content-Type", "text/plain; charset=UTF-8",
                        "User-Agent", "Amazon Simple Notification Service Agent",
                        "x-amz-sns-message-type", "Notification", "x-amz-sns-message-id", record.id(),
                        "x-amz-sns-topic-arn", sns.topicArn());
            }
            case Sources.POSTHOG -> post(Sources.POSTHOG, "/ingest/v1/posthog", Json.bytes(PostHogShape.webhookBody(record.body())),
                    1, "Content-Type", "application/json", "Authorization", "Bearer " + keys.posthogToken());
            default -> throw new IllegalArgumentException("no intake route for " + record.source());
        }
    }

    @Override
    public void tick() throws InterruptedException {
        long now = wallClock.getAsLong();
        if (!batch.isEmpty() && now - batchSince >= BATCH_MILLIS) {
            flushBatch(now);
        }
    }

    private void flushBatch(long now) throws InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(batch.get(i));
        }
        body.write(']');
        byte[] bytes = body.toByteArray();
        String timestamp = Long.toString(now / 1000);
        String signature = SendGridSignature.sign(keys.sendgrid().getPrivate(), timestamp, bytes);
        int events = batch.size();
        batch.clear();
        post(Sources.SENDGRID, "/ingest/v1/sendgrid", bytes, events, "Content-Type", "application/json",
                "User-Agent", "Twilio SendGrid Event API", SendGridSignature.SIGNATURE_HEADER, signature,
                SendGridSignature.TIMESTAMP_HEADER, timestamp);
    }

    private String hexToken() {
        byte[] b = new byte[25];
        tokens.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private void post(String source, String path, byte[] body, int events, String... headers) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .headers(headers)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        inFlight.acquire();
        attempt(source, request, events, 1);
    }

    private void attempt(String source, HttpRequest request, int events, int attempt) {
        Counts c = counts.get(source);
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            int status = response == null ? 0 : response.statusCode();
            boolean retry = error != null || status == 503 || status == 429 || status == 502 || status == 504;
            if (retry && attempt < MAX_ATTEMPTS) {
                c.retries.incrementAndGet();
                long delay = Math.min(8_000, 250L << Math.min(attempt - 1, 5));
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(source, request, events, attempt + 1));
                return;
            }
            c.requests.incrementAndGet();
            if (status >= 200 && status < 300) {
                c.accepted.addAndGet(events);
            } else if (retry) {
                if (c.failed.getAndAdd(events) == 0) {
                    out.printf("generate-events: gave up on %s after %d attempts: %s%n", request.uri(), attempt,
                            error != null ? describe(error) : "HTTP " + status);
                }
            } else {
                long before = c.refused.getAndAdd(events);
                if (before < LOGGED_REFUSALS) {
                    String answer = response.body() == null ? "" : response.body();
                    out.printf("generate-events: %s answered %d: %s%n", request.uri(), status,
                            answer.length() > 200 ? answer.substring(0, 200) + "..." : answer);
                }
            }
            inFlight.release();
        });
    }

    private static String describe(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && !(t instanceof IOException)) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public String progress() {
        StringBuilder s = new StringBuilder("intake: ");
        counts.forEach((source, c) -> {
            if (c.requests.get() + c.retries.get() == 0) {
                return;
            }
            if (s.length() > "intake: ".length()) {
                s.append("; ");
            }
            s.append(String.format("%s 2xx %,d refused %,d", source, c.accepted.get(), c.refused.get()));
            if (c.failed.get() > 0) {
                s.append(String.format(" failed %,d", c.failed.get()));
            }
            if (c.retries.get() > 0) {
                s.append(String.format(" retried %,d", c.retries.get()));
            }
        });
        return s.length() == "intake: ".length() ? "" : s.toString();
    }

    @Override
    public void finish() throws InterruptedException {
        if (!batch.isEmpty()) {
            flushBatch(wallClock.getAsLong());
        }
        inFlight.acquire(maxInFlight);
        inFlight.release(maxInFlight);
    }
}
