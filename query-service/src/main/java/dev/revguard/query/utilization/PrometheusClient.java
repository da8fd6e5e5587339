package dev.revguard.query.utilization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revguard.query.utilization.UsageQueries.Resource;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the CPU, memory, disk and network utilization of VPSs from Prometheus's HTTP API
 * ({@code POST /api/v1/query}), over the metrics of their node exporters.
 *
 * <p>One {@link #usage} call sends eight instant queries at once (four resources, each its last-hour
 * mean and its 7-day peak, see {@link UsageQueries}) for all the instances asked about, and waits for
 * them at most the timeout in all. It never throws and never waits longer: when Prometheus is not
 * configured, refuses the connection, does not answer in time, answers other than 2xx or with a body
 * that is not a query result, the report's source is {@code unavailable} with the reason.
 *
 * <p>Credentials in the URL ({@code http://user:secret@host:9090}) are sent as HTTP basic
 * authentication and never appear in a reason or a log line. A base URL with a path
 * ({@code http://host/prometheus}) is a prefix of the API's path. Thread-safe; hold one per service.
 */
public final class PrometheusClient {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusClient.class);

    /** The wait when none is given: the answer of a dashboard panel should not hang on a slow Prometheus. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double BYTES_PER_SECOND_PER_MBPS = 125_000.0;
    private static final int MAX_ERROR_CHARS = 200;

    private final URI queryUri;
    private final String display;
    private final String authorization;
    private final String problem;
    private final Duration timeout;
    private final HttpClient http;
    private volatile String lastReason = "";

    /** A client with the {@linkplain #DEFAULT_TIMEOUT default timeout}. */
    public PrometheusClient(String baseUrl) {
        this(baseUrl, DEFAULT_TIMEOUT);
    }

    /**
     * @param baseUrl Prometheus's base URL ({@code PROMETHEUS_URL}, such as {@code http://127.0.0.1:9090});
     *     null or blank when not configured. A URL that is not http(s) does not throw: every report then
     *     says so.
     * @param timeout the longest a {@link #usage} call waits, connecting included; null, zero or negative
     *     means the default
     */
    public PrometheusClient(String baseUrl, Duration timeout) {
        this.timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
        URI query = null;
        String shown = null;
        String auth = null;
        String bad = null;
        if (baseUrl == null || baseUrl.isBlank()) {
            bad = "PROMETHEUS_URL is not set";
        } else {
            try {
                URI uri = new URI(baseUrl.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    bad = "PROMETHEUS_URL is not an http(s) URL with a host";
                } else {
                    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
                    URI base = new URI(scheme + "://" + hostAndPort(uri) + path);
                    query = URI.create(base + "/api/v1/query");
                    shown = base.toString();
                    if (uri.getRawUserInfo() != null) {
                        String userInfo = java.net.URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
                        auth = "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
                    }
                }
            } catch (Exception e) {
                bad = "PROMETHEUS_URL is not a valid URL";
            }
        }
        this.queryUri = query;
        this.display = shown;
        this.authorization = auth;
        this.problem = bad;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The utilization of each target, evaluated at {@code now}, in the order of {@code targets}.
     * Never throws; returns within the timeout (plus the time to read the answers already received).
     */
    public VpsUsageReport usage(List<VpsTarget> targets, Instant now) {
        List<VpsTarget> asked = targets == null ? List.of() : targets.stream().filter(Objects::nonNull).toList();
        Instant at = now == null ? Instant.now() : now;
        if (problem != null) {
            return unavailable(problem, at, asked);
        }
        try {
            return measure(asked, at);
        } catch (RuntimeException e) {
            LOG.error("Measuring utilization from {} failed", display, e);
            return unavailable("reading " + display + " failed: " + e.getClass().getSimpleName(), at, asked);
        }
    }

    private VpsUsageReport measure(List<VpsTarget> targets, Instant at) {
        Set<String> instances = new LinkedHashSet<>();
        for (VpsTarget t : targets) {
            if (t.metricsInstance() != null && !t.metricsInstance().isBlank()) {
                instances.add(t.metricsInstance());
            }
        }
        if (instances.isEmpty()) {
            return available(at, targets.stream().map(PrometheusClient::withoutMetrics).toList());
        }
        String matcher = UsageQueries.instanceMatcher(instances);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Resource, CompletableFuture<HttpResponse<String>>> hour = new EnumMap<>(Resource.class);
        Map<Resource, CompletableFuture<HttpResponse<String>>> peak = new EnumMap<>(Resource.class);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (Resource r : Resource.values()) {
            hour.put(r, send(UsageQueries.lastHour(r, matcher), at));
            peak.put(r, send(UsageQueries.peak7d(r, matcher), at));
            all.add(hour.get(r));
            all.add(peak.get(r));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            all.forEach(f -> f.cancel(true));
            return unavailable("no answer from " + display + " within " + timeout.toMillis() + " ms", at, targets);
        } catch (ExecutionException | CompletionException e) {
            all.forEach(f -> f.cancel(true));
            return unavailable(failure(e.getCause()), at, targets);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(f -> f.cancel(true));
            return unavailable("interrupted while asking " + display, at, targets);
        }

        Map<Resource, Map<String, Double>> hourValues = new EnumMap<>(Resource.class);
        Map<Resource, Map<String, Double>> peakValues = new EnumMap<>(Resource.class);
        for (Resource r : Resource.values()) {
            try {
                hourValues.put(r, vector(hour.get(r).join()));
                peakValues.put(r, vector(peak.get(r).join()));
            } catch (BadAnswer e) {
                return unavailable(display + " " + e.getMessage(), at, targets);
            }
        }
        List<VpsUsage> usages = new ArrayList<>(targets.size());
        for (VpsTarget t : targets) {
            usages.add(usageOf(t, hourValues, peakValues));
        }
        return available(at, usages);
    }

    private VpsUsage usageOf(VpsTarget t, Map<Resource, Map<String, Double>> hour, Map<Resource, Map<String, Double>> peak) {
        String instance = t.metricsInstance();
        if (instance == null || instance.isBlank()) {
            return withoutMetrics(t);
        }
        List<String> missing = new ArrayList<>();
        Map<Resource, Utilization> shares = new EnumMap<>(Resource.class);
        for (Resource r : Resource.values()) {
            Double h = hour.get(r).get(instance);
            Double p = peak.get(r).get(instance);
            if (h == null && p == null) {
                missing.add(r.name().toLowerCase(java.util.Locale.ROOT));
            }
            if (r == Resource.NETWORK) {
                Double capacity = t.networkMbps() != null && t.networkMbps() > 0
                        ? t.networkMbps() * BYTES_PER_SECOND_PER_MBPS : null;
                h = capacity == null || h == null ? null : h / capacity;
                p = capacity == null || p == null ? null : p / capacity;
            }
            shares.put(r, Utilization.of(h, p));
        }
        if (missing.size() == Resource.values().length) {
            return VpsUsage.unknown(t, VpsUsage.NONE, "no series for instance " + instance);
        }
        List<String> notes = new ArrayList<>();
        if (!missing.isEmpty()) {
            notes.add("no series for " + String.join(", ", missing));
        }
        if ((t.networkMbps() == null || t.networkMbps() <= 0) && !missing.contains("network")) {
            notes.add("network_mbps is not set, so network utilization is unknown");
        }
        return new VpsUsage(t.instanceId(), instance, VpsUsage.FOUND, notes.isEmpty() ? null : String.join("; ", notes),
                shares.get(Resource.CPU), shares.get(Resource.MEMORY), shares.get(Resource.DISK), shares.get(Resource.NETWORK));
    }

    private static VpsUsage withoutMetrics(VpsTarget t) {
        return VpsUsage.unknown(t, VpsUsage.NONE, "metrics_instance is not set");
    }

    private CompletableFuture<HttpResponse<String>> send(String promql, Instant at) {
        String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + seconds(at)
                + "&timeout=" + timeout.toMillis() + "ms";
        HttpRequest.Builder request = HttpRequest.newBuilder(queryUri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An instant vector by its {@code instance} label; NaN and infinities are left out. */
    private static Map<String, Double> vector(HttpResponse<String> response) throws BadAnswer {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (Exception e) {
            body = null;
        }
        if (response.statusCode() / 100 != 2) {
            String error = body == null ? null : body.path("error").asText(null);
            throw new BadAnswer("answered HTTP " + response.statusCode() + (error == null ? "" : ": " + shorten(error)));
        }
        if (body == null || !body.isObject()) {
            throw new BadAnswer("answered with a body that is not JSON");
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new BadAnswer("answered status " + body.path("status").asText("(none)")
                    + ": " + shorten(body.path("error").asText("")));
        }
        JsonNode data = body.path("data");
        if (!"vector".equals(data.path("resultType").asText()) || !data.path("result").isArray()) {
            throw new BadAnswer("answered with no instant vector");
        }
        Map<String, Double> values = new HashMap<>();
        for (JsonNode sample : data.path("result")) {
            String instance = sample.path("metric").path("instance").asText(null);
            JsonNode value = sample.path("value");
            if (instance == null || !value.isArray() || value.size() != 2) {
                throw new BadAnswer("answered with a malformed sample");
            }
            Double v = number(value.get(1).asText());
            if (v != null) {
                values.merge(instance, v, Math::max);
            }
        }
        return values;
    }

    private static Double number(String text) {
        try {
            double d = Double.parseDouble(text);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null; // "+Inf", "-Inf" (Prometheus's spelling) and anything else not a finite number
        }
    }

    private String failure(Throwable cause) {
        Throwable c = cause;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof HttpConnectTimeoutException) {
            return "connecting to " + display + " timed out after " + timeout.toMillis() + " ms";
        }
        if (c instanceof HttpTimeoutException) {
            return "no answer from " + display + " within " + timeout.toMillis() + " ms";
        }
        if (c instanceof ConnectException) {
            return "cannot connect to " + display + " (connection refused)";
        }
        String message = c.getMessage() == null ? "" : ": " + shorten(c.getMessage());
        return "asking " + display + " failed: " + c.getClass().getSimpleName() + message;
    }

    private VpsUsageReport available(Instant at, List<VpsUsage> usages) {
        if (!lastReason.isEmpty()) {
            LOG.info("Prometheus at {} answers again", display);
        }
        lastReason = "";
        return new VpsUsageReport(VpsUsageReport.PROMETHEUS, null, at, usages);
    }

    private VpsUsageReport unavailable(String reason, Instant at, List<VpsTarget> targets) {
        if (!reason.equals(lastReason)) {
            LOG.warn("Utilization unavailable: {}", reason); // once per change, not on every request
        }
        lastReason = reason;
        return VpsUsageReport.unavailable(reason, at, targets);
    }

    private static String hostAndPort(URI uri) {
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static String seconds(Instant at) {
        return at.getEpochSecond() + "." + String.format("%03d", at.getNano() / 1_000_000);
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= MAX_ERROR_CHARS ? one : one.substring(0, MAX_ERROR_CHARS) + "…";
    }

    /** An answer that is not the query result the client asked for. */
    private static final class BadAnswer extends Exception {
        BadAnswer(String message) {
            super(message);
        }
    }
}
