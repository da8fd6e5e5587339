package dev.revguard.job.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The freshness probe of {@code scripts/bench-freshness.sh}: while the generator keeps the job busy, it appends
 * one marked event a second (a sending domain never seen before, {@code probe-<run>-<n>.example}) to the PostHog
 * topic and polls {@code /api/v1/risk} for that domain every 10 ms until it answers 200: the time from the
 * append's acknowledgement to the gauge being visible. Every 5 s it compares the job's own position (records its
 * sources have read, from the job's Prometheus endpoint) with the topics' ends. Prints p50 / p99 / max and whether
 * the job kept up.
 *
 * <pre>java -cp revguard-job.jar dev.revguard.job.bench.FreshnessProbe BOOTSTRAP TOPICS API_URL TOKEN JOB_METRICS_URL SECONDS</pre>
 */
public final class FreshnessProbe {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final String READ_FAMILY = "flink_taskmanager_job_task_operator_deserializer_revguard_source_records_read";

    private FreshnessProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: FreshnessProbe BOOTSTRAP TOPICS(comma) API_URL TOKEN JOB_METRICS_URL SECONDS");
            System.exit(2);
        }
        String bootstrap = args[0];
        List<String> topics = List.of(args[1].split(","));
        String api = args[2];
        String token = args[3];
        String metrics = args[4];
        int seconds = Integer.parseInt(args[5]);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        List<String> slow = Collections.synchronizedList(new ArrayList<>());
        List<Long> lags = new ArrayList<>();
        int[] missed = {0};
        ExecutorService pollers = Executors.newFixedThreadPool(8);
        List<Future<?>> probes = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
                Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (int n = 0; System.nanoTime() < end; n++) {
                long tick = System.nanoTime();
                String domain = "probe-" + run + "-" + n + ".example";
                producer.send(new ProducerRecord<>(topics.get(0), event(run + "-" + n, domain))).get();
                long appended = System.nanoTime();
                Instant appendedAt = Instant.now();
                probes.add(pollers.submit(() -> {
                    Long took = awaitVisible(api, token, domain, appended);
                    if (took != null && took > 1000) {
                        slow.add(appendedAt + " " + took + " ms");
                    }
                    if (took == null) {
                        synchronized (missed) {
                            missed[0]++;
                        }
                    } else {
                        millis.add(took);
                    }
                }));
                if (n % 5 == 0) {
                    long lag = endOffsets(admin, topics) - recordsRead(metrics);
                    lags.add(lag);
                    System.out.printf(Locale.ROOT, "probe: %d s, %d probes, job behind the topics' end by %,d records%n",
                            n, millis.size(), lag);
                }
                long sleep = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - tick);
                if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
            }
            for (Future<?> f : probes) f.get();
            lags.add(endOffsets(admin, topics) - recordsRead(metrics));
        } finally {
            pollers.shutdownNow();
        }
        List<Long> sorted = millis.stream().sorted().toList();
        if (sorted.isEmpty()) {
            System.out.println("freshness: no probe became visible within " + GIVE_UP.toSeconds() + " s");
            System.exit(1);
        }
        long maxLag = lags.stream().mapToLong(Long::longValue).max().orElse(0);
        long lastLag = lags.get(lags.size() - 1);
        List<Long> secondHalf = lags.subList(lags.size() / 2, lags.size());
        System.out.printf(Locale.ROOT, "freshness: %d probes, append -> visible in /api/v1/risk: p50 %d ms, p99 %d ms, max %d ms"
                        + "%s%n", sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1),
                missed[0] == 0 ? "" : "; " + missed[0] + " not visible within " + GIVE_UP.toSeconds() + " s");
        System.out.printf(Locale.ROOT, "freshness: the job's position behind the topics' end: max %,d records, at the end %,d "
                        + "(second half: %s) -> %s%n", maxLag, lastLag,
                secondHalf.stream().map(l -> String.format(Locale.ROOT, "%,d", l)).collect(Collectors.joining(" ")),
                keptUp(secondHalf) ? "kept up" : "fell behind");
        System.out.printf(Locale.ROOT, "freshness: slowest probes (ms): %s%n",
                sorted.subList(Math.max(0, sorted.size() - 5), sorted.size()));
        System.out.printf(Locale.ROOT, "freshness: probes over 1 s, appended at: %s%n", slow.isEmpty() ? "none" : String.join(", ", slow));
    }

    /** Kept up: over the second half of the run the lag did not keep growing, and it ended small. */
    static boolean keptUp(List<Long> lags) {
        if (lags.isEmpty()) return false;
        long first = lags.get(0);
        long last = lags.get(lags.size() - 1);
        return last <= Math.max(first, 0) + 20_000 && last < 100_000;
    }

    static long percentile(List<Long> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static Long awaitVisible(String api, String token, String domain, long appendedNanos) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/api/v1/risk?dimension=sending_domain&value="
                        + URLEncoder.encode(domain, StandardCharsets.UTF_8)))
                .header("authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = appendedNanos + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - appendedNanos) / 1_000_000;
                }
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (Exception e) {
                // the service is busy or restarting: keep polling until the deadline
            }
        }
        return null;
    }

    private static byte[] event(String id, String domain) {
        return ("{\"uuid\":\"probe-" + id + "\",\"event\":\"email_deliverability_event\",\"timestamp\":\"" + Instant.now()
                + "\",\"properties\":{\"status\":\"sent\",\"account_id\":\"acct-probe\",\"sending_domain\":\"" + domain
                + "\",\"sending_ip\":\"198.51.100.250\",\"provider\":\"ses\",\"recipient_domain\":\"gmail.com\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long endOffsets(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(pi -> new TopicPartition(d.name(), pi.partition())))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
    }

    /** The records the job's sources have read: the sum of its records_read family. */
    static long recordsRead(String metricsUrl) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(READ_FAMILY + "{") || l.startsWith(READ_FAMILY + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
