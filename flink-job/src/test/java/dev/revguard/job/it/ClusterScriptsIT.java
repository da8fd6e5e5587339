package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.common.RiskPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path users take when they outgrow one process, through the scripts they use: a real Flink
 * standalone cluster (JobManager and TaskManager JVMs) started by scripts/cluster.sh, the job
 * submitted by scripts/submit.sh (the thin jar, Flink's classes from the cluster), stopped with a savepoint by scripts/savepoint.sh and started again
 * by scripts/restore.sh; counts in PostgreSQL are exact.
 */
class ClusterScriptsIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterScriptsIT.class);
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static KafkaBroker kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    /** The names of a jar's entries. */
    private static List<String> entries(Path jar) throws Exception {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar.toFile())) {
            return z.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    @Test
    void theClusterJarCarriesTheJobButNotFlinkAndTheStandaloneJarBoth() throws Exception {
        Path thin = Path.of("target", "revguard-job-thin.jar");
        Path standalone = Path.of("target", "revguard-job.jar");
        List<String> thinEntries = entries(thin);
        assertThat(thinEntries).contains("dev/revguard/job/RevguardJob.class", "org/postgresql/Driver.class",
                "org/apache/kafka/clients/consumer/KafkaConsumer.class")
                .anyMatch(e -> e.startsWith("org/apache/flink/connector/kafka/source/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/runtime/") || e.startsWith("org/apache/flink/streaming/api/")
                        || e.startsWith("org/rocksdb/") || e.startsWith("org/apache/logging/log4j/core/"));
        assertThat(entries(standalone)).contains("dev/revguard/job/RevguardJob.class")
                .anyMatch(e -> e.startsWith("org/apache/flink/runtime/"));
        LOG.info("Jars: cluster (thin) {} MB, standalone {} MB", java.nio.file.Files.size(thin) >> 20,
                java.nio.file.Files.size(standalone) >> 20);
        assertThat(java.nio.file.Files.size(thin)).isLessThan(java.nio.file.Files.size(standalone) / 4);
        Path reporter = Path.of("target", "revguard-metrics-reporter.jar");
        assertThat(entries(reporter)).contains("dev/revguard/job/metrics/SnakeCasePrometheusReporterFactory.class",
                        "org/apache/flink/metrics/prometheus/PrometheusReporter.class", "io/prometheus/client/exporter/HTTPServer.class")
                .noneMatch(e -> e.endsWith(".class") && e.startsWith("dev/revguard/") && !e.startsWith("dev/revguard/job/metrics/"));
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(reporter.toFile())) {
            assertThat(new String(z.getInputStream(z.getEntry(
                            "META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory")).readAllBytes(),
                    StandardCharsets.UTF_8)).contains("dev.revguard.job.metrics.SnakeCasePrometheusReporterFactory");
        }
    }

    @Test
    void submitSavepointAndRestoreOnALocalClusterCountExactly() throws Exception {
        Scenario scenario = Scenario.generateOnTime(21, 2, 120);
        String topic = "cluster-events";
        kafka.createTopic(topic, 2);
        try (TestDatabase db = new TestDatabase("cluster")) {
            Map<String, String> env = ItSettings.base(kafka, topic, db, Path.of("unused"));
            env.remove("CHECKPOINT_DIR"); // the cluster's own
            env.remove("FLINK_REST_PORT");
            env.put("FLINK_CLUSTER_REST_PORT", "8191");
            env.put("FLINK_CLUSTER_RPC_PORT", "16223");
            env.put("FLINK_CLUSTER_METRICS_PORT", "9350");
            env.put("KAFKA_GROUP_ID", "revguard-cluster-it");
            env.put("CHECKPOINT_INTERVAL", "1s");
            env.put("PARALLELISM", "2");
            try {
                run(env, "scripts/cluster.sh", "start");
                kafka.produce(topic, scenario.phaseA1);
                run(env, "scripts/submit.sh");
                Await.until("the cluster job's first rows", Duration.ofSeconds(90),
                        () -> db.count("SELECT count(*) FROM deliverability_window WHERE dimension = 'all'") > 0);
                Thread.sleep(2000);
                // the cluster's reporter plugin: the TaskManager's operator metrics, the JobManager's checkpoint ones
                Exposition tm = Exposition.scrape("http://127.0.0.1:9351/metrics");
                Exposition jm = Exposition.scrape("http://127.0.0.1:9350/metrics");
                assertThat(tm.sum("_revguard_source_records_read", "source", "posthog")).isPositive();
                assertThat(jm.sum("_jobmanager_job_completed_checkpoints")).isPositive();
                for (Exposition m : List.of(tm, jm)) {
                    Exposition.Check check = m.promtool();
                    assertThat(check.output()).isEmpty();
                    assertThat(check.exitCode()).isZero();
                }
                LOG.info("Cluster metrics: TaskManager {} families, JobManager {}, promtool silent on both",
                        tm.names().size(), jm.names().size());
                List<String> out = run(env, "scripts/savepoint.sh", "cluster");
                String savepoint = out.get(out.size() - 1);
                assertThat(savepoint).contains("savepoint-");
                LOG.info("Cluster job stopped with savepoint {}", savepoint);

                kafka.produce(topic, scenario.phaseA2);
                run(env, "scripts/restore.sh", "--target", "cluster", savepoint);
                List<String> expectedWindows = scenario.expectedWindows(scenario.maxCountedTimestamp() - 10_000 - 1);
                List<String> expectedSnapshots = scenario.expectedSnapshots(RiskPolicy.SEED);
                Await.until("exact rows after the restore", Duration.ofSeconds(120), () ->
                        db.rows(Scenario.WINDOW_QUERY).size() == expectedWindows.size()
                                && db.rows(Scenario.WINDOW_QUERY).containsAll(expectedWindows)
                                && db.rows(Scenario.SNAPSHOT_QUERY).containsAll(expectedSnapshots));
                assertThat(db.rows(Scenario.WINDOW_QUERY)).containsExactlyInAnyOrderElementsOf(expectedWindows);
                assertThat(db.rows(Scenario.SNAPSHOT_QUERY)).containsExactlyInAnyOrderElementsOf(expectedSnapshots);
                assertThat(db.count("SELECT count(*) FROM dead_letter_events")).isEqualTo(scenario.deadLetters.size());
                LOG.info("Cluster path verified: {}; {} window rows, {} snapshots", scenario.summary(),
                        expectedWindows.size(), expectedSnapshots.size());
            } finally {
                run(env, "scripts/cluster.sh", "stop");
            }
        }
    }

    private static List<String> run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(false);
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), stdout).isZero();
        LOG.info("{}: {}", String.join(" ", command), stdout.strip());
        return stdout.lines().toList();
    }
}
