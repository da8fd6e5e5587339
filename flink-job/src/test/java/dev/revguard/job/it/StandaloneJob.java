package dev.revguard.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revguard.job.RevguardJob;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The standalone job ({@link RevguardJob}) in its own JVM, as {@code java -jar} runs it, with its embedded
 * cluster's REST API on a port of its own, so a test can ask Flink how often the job restarted.
 */
final class StandaloneJob implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int restPort;
    private final Path log;

    private StandaloneJob(Process process, int restPort, Path log) {
        this.process = process;
        this.restPort = restPort;
        this.log = log;
    }

    /** Starts the job with {@code env} (its REST port chosen here), its output in {@code log}. */
    static StandaloneJob start(Map<String, String> env, Path log) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                RevguardJob.class.getName());
        pb.environment().putAll(env);
        pb.environment().put("FLINK_REST_PORT", String.valueOf(port));
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return new StandaloneJob(pb.start(), port, log);
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * How often Flink restarted the job: its {@code numRestarts} metric when the REST API has it (it is fetched
     * from the job manager once a second), else the attempt number of the job's first task (every restart of
     * this job restarts all its tasks, which start again as attempt n + 1).
     */
    long restarts() throws Exception {
        String id = jobId();
        for (int i = 0; i < 5; i++) {
            for (JsonNode n : get("/jobs/" + id + "/metrics?get=numRestarts")) {
                if ("numRestarts".equals(n.path("id").asText())) {
                    return Long.parseLong(n.path("value").asText());
                }
            }
            Thread.sleep(300);
        }
        String vertex = get("/jobs/" + id).path("vertices").get(0).path("id").asText();
        return get("/jobs/" + id + "/vertices/" + vertex + "/subtasks/0").path("attempt").asLong();
    }

    /**
     * The sum over all subtasks of the operator metrics whose name ends with {@code metric}, in every task whose
     * name contains {@code task} (e.g. the window operator's {@code numLateRecordsDropped}).
     */
    long metricSum(String task, String metric) throws Exception {
        String id = jobId();
        long sum = 0;
        for (JsonNode v : get("/jobs/" + id).path("vertices")) {
            if (!v.path("name").asText().contains(task)) continue;
            String base = "/jobs/" + id + "/vertices/" + v.path("id").asText() + "/subtasks/metrics";
            for (JsonNode m : get(base)) {
                String name = m.path("id").asText();
                if (!name.endsWith(metric)) continue;
                for (JsonNode value : get(base + "?agg=sum&get=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))) {
                    sum += (long) value.path("sum").asDouble();
                }
            }
        }
        return sum;
    }

    /** The id of the one job of the embedded cluster. */
    String jobId() throws Exception {
        JsonNode jobs = get("/jobs").path("jobs");
        if (jobs.size() != 1) {
            throw new IllegalStateException("expected one job, found " + jobs);
        }
        return jobs.get(0).path("id").asText();
    }

    /** The job's status as Flink reports it (RUNNING, RESTARTING, ...). */
    String status() throws Exception {
        return get("/jobs/" + jobId()).path("state").asText();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** SIGTERM, then SIGKILL if it has not gone within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
