package dev.revguard.job.tools.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.revguard.job.source.Sources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator against a stand-in intake that records every request: each sender's requests
 * verify as the real intake verifies them, 503s and connection errors are retried, refusals are
 * counted, and the counts add up to the records generated.
 */
class IntakeSinkTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    record Request(String path, Map<String, List<String>> headers, byte[] body, int status) {
        String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** A stand-in intake on {@code port} (0: any) answering each request with {@code status.apply(path)}. */
    private int intake(int port, ToIntFunction<String> status) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                int code = status.applyAsInt(path);
                requests.add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body, code));
                exchange.sendResponseHeaders(code, -1);
            }
        });
        server.start();
        closing.add(() -> {
            server.stop(0);
            pool.shutdownNow();
        });
        return server.getAddress().getPort();
    }

    private List<Request> answered(String path, int status) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().equals(path) && r.status() == status).toList();
        }
    }

    @Test
    void everySenderPostsAsTheProviderDoesAndRetries503() throws Exception {
        IntakeKeys keys = IntakeKeys.loadOrCreate(dir, QUIET);
        CertificateServer certificates = new CertificateServer(0, keys.snsCertificatePem());
        closing.add(certificates);
        Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
        int port = intake(0, path -> refusedOnce.add(path) ? 503 : 200);
        IntakeSink sink = new IntakeSink(URI.create("http://127.0.0.1:" + port + "/"), keys, certificates.certificateUrl(),
                IntakeSink.defaultClient(), QUIET, 8, System::currentTimeMillis);
        long start = System.currentTimeMillis();
        Traffic.Settings settings = new Traffic.Settings(100, TrafficTest.START, TrafficTest.START + 20_000, true,
                TrafficTest.ALL, 0.02, 0.01, EnumSet.of(Malformation.UNKNOWN_EVENT_TYPE, Malformation.MISSING_ID));
        Traffic.Counts counts = new Traffic(settings, new Senders(40, 20, 12, Scenario.SPAM_SPIKE), TrafficTest.shapes(),
                new Random(5), sink, QUIET).run();

        for (String source : TrafficTest.ALL) {
            long[] c = sink.counts(source);
            assertThat(c[1]).as(source + " accepted").isEqualTo(counts.bySource().get(source));
            assertThat(c[2]).as(source + " refused").isZero();
            assertThat(c[3]).as(source + " failed").isZero();
            assertThat(c[4]).as(source + " retried").isEqualTo(1);
        }
        assertThat(sink.progress()).contains("sendgrid 2xx", "mailgun 2xx", "ses 2xx", "posthog 2xx", "retried 1");

        // SendGrid: arrays of at most 100 events, signed over the timestamp header and the body.
        KeyFactory ec = KeyFactory.getInstance("EC");
        var sendgridKey = ec.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(keys.sendgridPublicKey())));
        int sendgridEvents = 0;
        for (Request r : answered("/ingest/v1/sendgrid", 200)) {
            JsonNode batch = Json.MAPPER.readTree(r.body());
            assertThat(batch.isArray()).isTrue();
            assertThat(batch.size()).isBetween(1, 100);
            sendgridEvents += batch.size();
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(sendgridKey);
            v.update(r.header("X-Twilio-Email-Event-Webhook-Timestamp").getBytes(StandardCharsets.UTF_8));
            v.update(r.body());
            assertThat(v.verify(Base64.getDecoder().decode(r.header("X-Twilio-Email-Event-Webhook-Signature")))).isTrue();
        }
        assertThat(sendgridEvents).isEqualTo(counts.bySource().get(Sources.SENDGRID).intValue());

        // Mailgun: one body per event, signed now with a token of its own.
        Set<String> tokens = new HashSet<>();
        for (Request r : answered("/ingest/v1/mailgun", 200)) {
            JsonNode s = Json.MAPPER.readTree(r.body()).get("signature");
            assertThat(s.get("signature").asText())
                    .isEqualTo(MailgunSignature.hmac(keys.mailgunSigningKey(), s.get("timestamp").asText(), s.get("token").asText()));
            assertThat(Long.parseLong(s.get("timestamp").asText()) * 1000).isBetween(start - 2_000, System.currentTimeMillis());
            assertThat(tokens.add(s.get("token").asText())).isTrue();
        }

        // SES: SNS Notifications whose certificate, fetched from SigningCertURL, verifies them.
        HttpClient http = IntakeSink.defaultClient();
        Map<String, X509Certificate> certs = new ConcurrentHashMap<>();
        List<Request> ses = answered("/ingest/v1/ses", 200);
        assertThat(ses).hasSize(counts.bySource().get(Sources.SES).intValue());
        for (Request r : ses) {
            JsonNode e = Json.MAPPER.readTree(r.body());
            assertThat(r.header("x-amz-sns-message-type")).isEqualTo("Notification");
            assertThat(r.header("x-amz-sns-message-id")).isEqualTo(e.get("MessageId").asText());
            assertThat(e.get("TopicArn").asText()).isEqualTo(IntakeKeys.SNS_TOPIC_ARN);
            String url = e.get("SigningCertURL").asText();
            assertThat(url).startsWith(IntakeKeys.certHostPrefix(certificates.port()));
            X509Certificate cert = certs.computeIfAbsent(url, u -> fetchCertificate(http, u));
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(cert.getPublicKey());
            v.update(SnsEnvelope.stringToSign(e).getBytes(StandardCharsets.UTF_8));
            assertThat(v.verify(Base64.getDecoder().decode(e.get("Signature").asText()))).isTrue();
            assertThat(Json.MAPPER.readTree(e.get("Message").asText()).has("eventType")).isTrue();
        }

        // PostHog: webhook bodies with the bearer token.
        for (Request r : answered("/ingest/v1/posthog", 200)) {
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + keys.posthogToken());
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertThat(body.has("event")).isTrue();
            assertThat(body.has("person")).isTrue();
        }
    }

    private static X509Certificate fetchCertificate(HttpClient http, String url) {
        try {
            HttpResponse<byte[]> pem = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pem.statusCode()).isEqualTo(200);
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.body()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusalsAreCountedAndNotRetried() throws Exception {
        IntakeKeys keys = IntakeKeys.loadOrCreate(dir, QUIET);
        int port = intake(0, path -> path.endsWith("/mailgun") ? 401 : 200);
        IntakeSink sink = new IntakeSink(URI.create("http://127.0.0.1:" + port), keys, "http://127.0.0.1:1/c.pem",
                IntakeSink.defaultClient(), QUIET, 4, System::currentTimeMillis);
        Message m = Messages.of("mailgun", "mailgun", "receipts", dev.revguard.job.source.Outcome.SENT,
                dev.revguard.job.source.Outcome.DELIVERED);
        for (SourceRecord r : new MailgunShape("k").render(m, new Random(1))) {
            sink.accept(r);
        }
        sink.finish();
        assertThat(sink.counts(Sources.MAILGUN)).containsExactly(2, 0, 2, 0, 0);
        assertThat(sink.progress()).isEqualTo("intake: mailgun 2xx 0 refused 2");
    }

    @Test
    void connectionErrorsAreRetriedUntilTheIntakeComesUp() throws Exception {
        IntakeKeys keys = IntakeKeys.loadOrCreate(dir, QUIET);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        IntakeSink sink = new IntakeSink(URI.create("http://127.0.0.1:" + port), keys, "http://127.0.0.1:1/c.pem",
                IntakeSink.defaultClient(), QUIET, 4, System::currentTimeMillis);
        SourceRecord event = new PostHogShape().render(Messages.of("posthog", "ses", "receipts",
                dev.revguard.job.source.Outcome.SENT, dev.revguard.job.source.Outcome.DELIVERED), new Random(2)).get(0);
        sink.accept(event);
        Thread.sleep(400);
        AtomicInteger answered = new AtomicInteger();
        intake(port, path -> {
            answered.incrementAndGet();
            return 202;
        });
        sink.finish();
        long[] c = sink.counts(Sources.POSTHOG);
        assertThat(c[1]).isEqualTo(1);
        assertThat(c[4]).isPositive();
        assertThat(answered.get()).isEqualTo(1);
    }
}
