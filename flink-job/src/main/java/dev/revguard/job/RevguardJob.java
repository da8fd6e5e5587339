package dev.revguard.job;

import dev.revguard.job.notify.AlertOutboxSink;
import dev.revguard.common.settings.ConfigException;
import dev.revguard.job.config.JobConfig;
import dev.revguard.job.metrics.SnakeCasePrometheusReporterFactory;
import dev.revguard.job.sink.DeadLetterTable;
import dev.revguard.job.sink.DecisionTable;
import dev.revguard.job.sink.DeliverabilityWindowHistory;
import dev.revguard.job.sink.PostgresUpsertSink;
import dev.revguard.job.sink.RiskSnapshotTable;
import dev.revguard.job.sink.WindowRowTable;
import dev.revguard.job.standalone.LatestCheckpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point. {@code java -jar revguard-job.jar} runs the job on an embedded MiniCluster and, when
 * started again after a crash, resumes from the latest completed checkpoint; {@code flink run}
 * submits the same jar to a cluster.
 */
public final class RevguardJob {
    private static final Logger LOG = LoggerFactory.getLogger(RevguardJob.class);

    private RevguardJob() {}

    public static void main(String[] args) throws Exception {
        JobConfig config;
        try {
            config = JobConfig.parse(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println("See README.md (Settings) for every setting.");
            System.exit(2);
            return;
        }
        run(config);
    }

    public static void run(JobConfig config) throws Exception {
        StringBuilder settings = new StringBuilder("revguard job settings:");
        config.describe().forEach((k, v) -> settings.append("\n  ").append(k).append(" = ").append(v));
        LOG.info("{}", settings);

        if (config.migrate()) {
            LOG.info("Database schema {} is at version {}", config.database().schema(), config.database().migrate());
        }

        Configuration flink = flinkConfiguration(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        boolean standalone = "local".equals(env.getConfiguration().get(DeploymentOptions.TARGET));
        Optional<String> restore = restorePath(config, standalone);
        if (restore.isPresent()) {
            LOG.info("Restoring state from {}", restore.get());
            flink.set(StateRecoveryOptions.SAVEPOINT_PATH, restore.get());
            flink.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
            env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        }
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
        if (standalone) {
            boundShutdown(config.shutdownTimeout());
        }
        RiskPipeline.build(env, Inputs.kafka(config), postgresSinks(config), config);
        env.execute("revguard");
    }

    /**
     * A stop (SIGTERM, Ctrl-C) of the standalone job ends within {@code timeout} whatever is unreachable: the
     * embedded cluster's own shutdown cancels the tasks, and a task blocked on a broker or a database that has
     * gone away can hold that for minutes (Flink's task cancellation timeout). After {@code timeout} the process
     * halts. Nothing is lost: the sinks commit at checkpoints only, so the next start resumes from the latest
     * completed checkpoint and writes again what came after it.
     */
    static void boundShutdown(Duration timeout) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(timeout.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                System.err.println("revguard: the job did not stop within SHUTDOWN_TIMEOUT=" + timeout.toSeconds()
                        + "s (something it talks to is unreachable); halting; the next start resumes from the latest checkpoint");
                Runtime.getRuntime().halt(143);
            }, "revguard-shutdown-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }, "revguard-bounded-shutdown"));
    }

    static Optional<String> restorePath(JobConfig config, boolean standalone) throws Exception {
        if (config.restoreFrom() != null) {
            return Optional.of(config.restoreFrom());
        }
        if (standalone && config.resume()) {
            return LatestCheckpoint.find(config.checkpointDir()).map(Path::toString);
        }
        return Optional.empty();
    }

    public static RiskPipeline.Sinks postgresSinks(JobConfig config) {
        long flush = config.emitInterval().toMillis();
        int batch = config.sinkBatchSize();
        return new RiskPipeline.Sinks(
                new PostgresUpsertSink<>(config.database(), new WindowRowTable(), batch, flush),
                new PostgresUpsertSink<>(config.database(), new WindowRowTable(WindowRowTable.HOURS), batch, flush),
                new PostgresUpsertSink<>(config.database(), new WindowRowTable(WindowRowTable.DAYS), batch, flush),
                new PostgresUpsertSink<>(config.database(), new RiskSnapshotTable(), batch, flush),
                new PostgresUpsertSink<>(config.database(), new DeadLetterTable(), batch, flush),
                new AlertOutboxSink(config.database(), config.delivery(), flush),
                new PostgresUpsertSink<>(config.database(), new DecisionTable(), batch, flush),
                new DeliverabilityWindowHistory(config.database(), config.startingTimeMillis()));
    }

    /** State backend, exactly-once checkpoints retained on disk, restarts, strict serialization. */
    public static Configuration flinkConfiguration(JobConfig config) {
        Configuration c = new Configuration();
        c.set(StateBackendOptions.STATE_BACKEND, config.stateBackend());
        c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // Timers on the heap: few (two per open window, one per dimension value), touched often.
        c.set(ConfigOptions.key("state.backend.rocksdb.timer-service.factory").stringType().noDefaultValue(), "HEAP");
        // Dedup looks up ids that are mostly absent: bloom filters answer those without reading files.
        c.set(ConfigOptions.key("state.backend.rocksdb.use-bloom-filter").booleanType().noDefaultValue(), true);
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        c.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        // Only the embedded MiniCluster reads this; a cluster's task managers have their own.
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(config.managedMemory()));
        // The embedded cluster's REST API (savepoints, progress): scripts/savepoint.sh talks to it.
        c.set(RestOptions.BIND_PORT, config.restPort() == 0 ? "0" : String.valueOf(config.restPort()));
        c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        // The REST API's metrics (records read, for replay.sh's progress) are fetched every second, not every 10 s.
        c.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        if (config.metricsPort() > 0) {
            // Only the embedded MiniCluster reads this; a cluster's reporter is in its own configuration.
            c.set(ConfigOptions.key("metrics.reporter.prom.factory.class").stringType().noDefaultValue(), SnakeCasePrometheusReporterFactory.class.getName());
            c.set(ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue(), String.valueOf(config.metricsPort()));
            // Label values as they are ("posthog-events", "count dead letters by reason"), escaped by the exposition format.
            c.set(ConfigOptions.key("metrics.reporter.prom.filterLabelValueCharacters").booleanType().noDefaultValue(), false);
        }
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(PipelineOptions.OBJECT_REUSE, true);
        c.set(PipelineOptions.NAME, "revguard");
        return c;
    }

    /** For tests and tools that hold settings in a map rather than the process environment. */
    public static JobConfig configFrom(Map<String, String> settings) {
        return JobConfig.parse(new String[0], settings);
    }
}
