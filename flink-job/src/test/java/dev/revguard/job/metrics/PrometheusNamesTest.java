package dev.revguard.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusNamesTest {
    @Test
    void camelCaseBecomesSnakeCase() {
        assertThat(PrometheusNames.snakeCase("numRecordsIn")).isEqualTo("num_records_in");
        assertThat(PrometheusNames.snakeCase("watermarkLagSeconds")).isEqualTo("watermark_lag_seconds");
        assertThat(PrometheusNames.snakeCase("Status_JVM_CPU")).isEqualTo("status_jvm_cpu");
        assertThat(PrometheusNames.snakeCase("JVMHeap")).isEqualTo("jvm_heap");
        assertThat(PrometheusNames.snakeCase("already_snake")).isEqualTo("already_snake");
    }

    @Test
    void theJobsOwnMetricsAreKeptUnderTheirSnakeCaseNames() {
        assertThat(PrometheusNames.kept("recordsRead", "taskmanager.job.task.operator.deserializer.revguard.source"))
                .isEqualTo(new PrometheusNames.Kept("records_read", 1));
        assertThat(PrometheusNames.kept("rowsWritten", "taskmanager.job.task.operator.revguard.table").name())
                .isEqualTo("rows_written");
    }

    @Test
    void ofFlinksOwnOnlyCheckpointsRestartsAndHeapAreKeptInBaseUnits() {
        assertThat(PrometheusNames.kept("lastCheckpointDuration", "jobmanager.job"))
                .isEqualTo(new PrometheusNames.Kept("last_checkpoint_duration_seconds", 0.001));
        assertThat(PrometheusNames.kept("lastCheckpointSize", "jobmanager.job").name()).isEqualTo("last_checkpoint_size_bytes");
        assertThat(PrometheusNames.kept("numRestarts", "jobmanager.job").name()).isEqualTo("restarts");
        assertThat(PrometheusNames.kept("Used", "taskmanager.Status.JVM.Memory.Heap").name()).isEqualTo("used_bytes");
        assertThat(PrometheusNames.kept("numRecordsIn", "taskmanager.job.task.operator")).isNull();
        assertThat(PrometheusNames.kept("idleTimeMsPerSecond", "taskmanager.job.task")).isNull();
        assertThat(PrometheusNames.kept("Used", "taskmanager.Status.JVM.Memory.NonHeap")).isNull();
        assertThat(PrometheusNames.kept("numRestarts", "taskmanager.job.task")).isNull();
    }
}
