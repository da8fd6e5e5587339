package dev.revguard.job.it;

import dev.revguard.job.RevguardJob;
import dev.revguard.job.config.JobConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The job settings every integration test starts from: its broker, topic, schema and checkpoints. */
final class ItSettings {
    private ItSettings() {}

    static Map<String, String> base(KafkaBroker kafka, String topic, TestDatabase db, Path checkpoints) {
        return base(kafka.bootstrapServers(), topic, db, checkpoints);
    }

    static Map<String, String> base(String bootstrapServers, String topic, TestDatabase db, Path checkpoints) {
        Map<String, String> s = new HashMap<>();
        s.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        s.put("KAFKA_TOPIC_POSTHOG", topic);
        s.put("KAFKA_TOPIC_PROVIDERS", topic + "-providers");
        s.put("KAFKA_GROUP_ID", "revguard-it-" + topic);
        s.put("DATABASE_URL", TestDatabase.URL);
        s.put("DATABASE_USER", TestDatabase.USER);
        s.put("DATABASE_SCHEMA", db.schema());
        s.put("CHECKPOINT_DIR", checkpoints.toUri().toString());
        s.put("CHECKPOINT_INTERVAL", "300ms");
        s.put("EMIT_INTERVAL", "100ms");
        s.put("FLINK_REST_PORT", "0");
        // An empty topic (most tests send no provider events) holds the watermark back until its
        // partitions are idle: after every start and restore, for this long.
        s.put("IDLENESS_TIMEOUT", "3s");
        return s;
    }

    static JobConfig config(KafkaBroker kafka, String topic, TestDatabase db, Path checkpoints, Map<String, String> overrides) {
        Map<String, String> s = base(kafka, topic, db, checkpoints);
        s.putAll(overrides);
        return RevguardJob.configFrom(s);
    }
}
