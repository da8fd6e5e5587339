package dev.revguard.job.bench;

import dev.revguard.job.tools.generate.IntakeKeys;
import dev.revguard.job.tools.generate.SendGridSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on the webhook intake (not a test): signed SendGrid batches of 100 events and single
 * PostHog webhook bodies, each from {@code connections} clients in a closed loop for a number of
 * seconds after a warm-up, against a running intake writing a real broker. Prints requests/s,
 * events/s and the latency percentiles of each, and how many answers were not 2xx.
 *
 * <p>Arguments: intake URL, keys directory (as {@code generate-events.sh --write-keys-only} made
 * it), seconds per route, connections.
 */
public final class IntakeBenchmark {
    private IntakeBenchmark() {}

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        IntakeKeys keys = IntakeKeys.loadOrCreate(Path.of(args[1]), System.out);
        int seconds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        Route sendgrid = new Route("SendGrid, signed batches of 100", 100, () -> {
            byte[] body = sendgridBatch(100);
            String ts = Long.toString(Instant.now().getEpochSecond());
            return HttpRequest.newBuilder(base.resolve("/ingest/v1/sendgrid"))
                    .header("Content-Type", "application/json")
                    .header(SendGridSignature.TIMESTAMP_HEADER, ts)
                    .header(SendGridSignature.SIGNATURE_HEADER, SendGridSignature.sign(keys.sendgrid().getPrivate(), ts, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        });
        Route posthog = new Route("PostHog, single webhook bodies", 1, () -> HttpRequest.newBuilder(base.resolve("/ingest/v1/posthog"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + keys.posthogToken())
                .POST(HttpRequest.BodyPublishers.ofByteArray(posthogBody())).build());

        System.out.printf("intake %s, %d connections, %d s per route after a 3 s warm-up%n", base, connections, seconds);
        for (Route r : List.of(sendgrid, posthog)) {
            run(http, r, connections, 3);          // warm-up, not reported
            Stats s = run(http, r, connections, seconds);
            System.out.printf("%-32s %,8.0f requests/s %,10.0f events/s   p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms   non-2xx %d%n",
                    r.name, s.requests / s.seconds, s.requests * r.eventsPerRequest / s.seconds, s.percentile(50),
                    s.percentile(99), s.percentile(100), s.failures);
        }
        System.out.printf("machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    private record Route(String name, int eventsPerRequest, RequestMaker maker) {}

    @FunctionalInterface
    private interface RequestMaker {
        HttpRequest make() throws Exception;
    }

    private record Stats(long requests, long failures, double seconds, long[] nanos) {
        double percentile(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(nanos.length - 1, Math.ceil(p / 100.0 * nanos.length) - 1);
            return nanos[Math.max(i, 0)] / 1e6;
        }
    }

    private static Stats run(HttpClient http, Route route, int connections, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            workers.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    HttpRequest req = route.maker.make(); // signing is the sender's work: not timed
                    long t0 = System.nanoTime();
                    HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                    long t = System.nanoTime() - t0;
                    if (r.statusCode() / 100 != 2) {
                        failures.incrementAndGet();
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = t;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : workers) {
            all.add(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Stats(merged.length, failures.get(), elapsed, merged);
    }

    private static final String[] EVENTS = {"processed", "delivered", "delivered", "deferred", "bounce"};

    static byte[] sendgridBatch(int n) {
        StringBuilder b = new StringBuilder(n * 420).append('[');
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < n; i++) {
            String event = EVENTS[i % EVENTS.length];
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"email\":\"subscriber-").append(i).append("@example.org\",\"timestamp\":").append(now)
                    .append(",\"smtp-id\":\"<").append(id).append("@news.example.com>\",\"event\":\"").append(event)
                    .append("\",\"category\":[\"newsletter\"],\"sg_event_id\":\"").append(id)
                    .append("\",\"sg_message_id\":\"").append(id).append(".recvd-bench-1-0.0\",")
                    .append("\"account_id\":\"acct-1001\",\"sending_domain\":\"news.example.com\"");
            if (!event.equals("processed")) {
                b.append(",\"ip\":\"192.0.2.10\",\"response\":\"250 OK\",\"tls\":1");
            }
            if (event.equals("bounce")) {
                b.append(",\"type\":\"bounce\",\"status\":\"5.1.1\",\"reason\":\"550 5.1.1 no such user\"");
            }
            b.append('}');
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] posthogBody() {
        return ("{\"event\":{\"uuid\":\"" + UUID.randomUUID() + "\",\"event\":\"email_deliverability_event\","
                + "\"distinct_id\":\"acct-2001\",\"timestamp\":\"" + Instant.now() + "\",\"properties\":{\"status\":\"delivered\","
                + "\"account_id\":\"acct-2001\",\"sending_domain\":\"mail.example.com\",\"sending_ip\":\"203.0.113.40\","
                + "\"provider\":\"ses\",\"recipient_domain\":\"example.org\",\"message_id\":\"<" + UUID.randomUUID()
                + "@mail.example.com>\"},\"elements_chain\":\"\"},\"person\":{\"id\":\"" + UUID.randomUUID()
                + "\",\"properties\":{\"email\":\"ops@example.com\"}}}").getBytes(StandardCharsets.UTF_8);
    }
}
