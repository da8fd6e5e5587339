package dev.revguard.job.metrics;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the Prometheus endpoint keeps of Flink's metrics and how it names them. Flink names metrics in
 * camelCase ({@code numRecordsIn}, {@code lastCheckpointDuration}) and registers hundreds per task;
 * Prometheus wants snake_case and base units, and an operator wants the few families worth an alert. Kept:
 * every metric of a {@code revguard} group (the job's own), and the checkpoint, restart and heap metrics
 * below. Pure functions, so the rules have a plain unit test.
 */
public final class PrometheusNames {
    private PrometheusNames() {}

    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern ACRONYM_WORD = Pattern.compile("([A-Z]+)([A-Z][a-z])");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

    /** A Flink metric kept although it is not the job's own, and the name it gets. */
    public record Kept(String name, double scale) {}

    /** Flink's metrics worth having, by the name Flink gives them, with their Prometheus name and unit scale. */
    private static final Map<String, Kept> FLINK_METRICS = Map.of(
            "lastCheckpointDuration", new Kept("last_checkpoint_duration_seconds", 0.001),
            "lastCheckpointSize", new Kept("last_checkpoint_size_bytes", 1),
            "lastCheckpointFullSize", new Kept("last_checkpoint_full_size_bytes", 1),
            "numberOfCompletedCheckpoints", new Kept("completed_checkpoints", 1),
            "numberOfFailedCheckpoints", new Kept("failed_checkpoints", 1),
            "numberOfInProgressCheckpoints", new Kept("in_progress_checkpoints", 1),
            "numRestarts", new Kept("restarts", 1));

    /** The heap gauges of the JobManager's and the TaskManagers' JVMs ({@code Status.JVM.Memory.Heap}). */
    private static final Set<String> HEAP = Set.of("Used", "Committed", "Max");

    /**
     * How a metric is reported, or null when it is left out.
     *
     * @param name the name Flink registers it under
     * @param logicalScope its group's logical scope, dot-separated ({@code taskmanager.job.task.operator.revguard})
     */
    public static Kept kept(String name, String logicalScope) {
        if (isRevguard(logicalScope)) {
            return new Kept(snakeCase(name), 1);
        }
        if (logicalScope.endsWith(".Status.JVM.Memory.Heap") && HEAP.contains(name)) {
            return new Kept(snakeCase(name) + "_bytes", 1);
        }
        Kept k = FLINK_METRICS.get(name);
        return k != null && logicalScope.endsWith("job") ? k : null;
    }

    /** Whether a group's logical scope (dot-separated) holds one of the job's own {@code revguard} groups. */
    static boolean isRevguard(String logicalScope) {
        return ("." + logicalScope + ".").contains(".revguard.");
    }

    /** {@code numRecordsIn} → {@code num_records_in}, {@code Status_JVM_CPU} → {@code status_jvm_cpu}. */
    public static String snakeCase(String s) {
        String split = LOWER_UPPER.matcher(ACRONYM_WORD.matcher(s).replaceAll("$1_$2")).replaceAll("$1_$2");
        String snake = SEPARATORS.matcher(split.toLowerCase(java.util.Locale.ROOT)).replaceAll("_");
        return snake.replaceAll("^_+|_+$", "");
    }
}
