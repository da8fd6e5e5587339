package dev.revguard.job.config;

import dev.revguard.common.settings.ConfigException;
import dev.revguard.common.settings.DatabaseSettings;
import dev.revguard.common.settings.RiskPolicySettings;
import dev.revguard.common.settings.Settings;
import dev.revguard.common.RiskPolicy;
import dev.revguard.job.risk.RiskPrices;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every setting of the job, parsed and validated in one place. */
public record JobConfig(
        String kafkaBootstrapServers,
        String posthogTopic,
        String groupId,
        String startingOffsets,
        boolean bounded,
        String stopAt,
        DatabaseSettings database,
        boolean migrate,
        RiskPolicy policy,
        RiskPrices prices,
        Duration evaluationWindow,
        Duration dedupTtl,
        Duration maxOutOfOrderness,
        Duration idlenessTimeout,
        Duration allowedLateness,
        Duration emitInterval,
        Duration checkpointInterval,
        String checkpointDir,
        String stateBackend,
        int parallelism,
        String managedMemory,
        int restPort,
        int sinkBatchSize,
        int deadLetterMaxPayloadBytes,
        String restoreFrom,
        boolean resume,
        AlertRules alertRules,
        DeliverySettings delivery,
        SourceSettings sources,
        Duration shutdownTimeout,
        int metricsPort) implements Serializable {

    public static final Set<String> BOOLEAN_FLAGS = Set.of("kafka-bounded", "database-migrate", "resume", "replay");

    /** Reads the configuration from flags and environment; throws with every problem found. */
    public static JobConfig parse(String[] args, Map<String, String> env) {
        Settings s = new Settings(args, env, BOOLEAN_FLAGS);

        String bootstrap = s.required("KAFKA_BOOTSTRAP_SERVERS", "the Kafka brokers to read from (host:port,...)");
        String topic = s.string("KAFKA_TOPIC_POSTHOG", "posthog-events");
        String groupId = s.string("KAFKA_GROUP_ID", "revguard-job");
        String starting = s.string("KAFKA_STARTING_OFFSETS", "earliest");
        if (!Set.of("earliest", "latest", "committed").contains(starting)) {
            try {
                OffsetDateTime.parse(starting);
            } catch (DateTimeParseException e) {
                s.problem("KAFKA_STARTING_OFFSETS=" + starting
                        + ": expected earliest, latest, committed or an ISO-8601 time such as 2026-11-01T00:00:00Z");
            }
        }
        boolean bounded = s.bool("KAFKA_BOUNDED", false);
        String stopAt = s.raw("KAFKA_STOP_AT");
        if (stopAt != null) {
            try {
                OffsetDateTime.parse(stopAt);
            } catch (DateTimeParseException e) {
                s.problem("KAFKA_STOP_AT=" + stopAt + ": expected an ISO-8601 time such as 2026-11-02T00:00:00Z");
            }
        }

        DatabaseSettings database = DatabaseSettings.read(s, "the PostgreSQL database to write to");
        boolean migrate = s.bool("DATABASE_MIGRATE", true);

        RiskPolicy policy = RiskPolicySettings.read(s);
        RiskPrices prices = new RiskPrices(
                s.nonNegative("RISK_BOUNCE_PRICE_USD", RiskPrices.DEFAULT.bounceUsd()),
                s.nonNegative("RISK_SPAM_PRICE_USD", RiskPrices.DEFAULT.spamUsd()));

        Duration minute = Duration.ofMinutes(1);
        Duration evaluationWindow = s.duration("EVALUATION_WINDOW", Duration.ofMinutes(15), minute);
        if (evaluationWindow.toMillis() % minute.toMillis() != 0) {
            s.problem("EVALUATION_WINDOW=" + Settings.format(evaluationWindow) + ": must be a whole number of minutes");
        }
        Duration ms = Duration.ofMillis(1);
        Duration dedupTtl = s.duration("DEDUP_TTL", Duration.ofHours(24), Duration.ofSeconds(1));
        Duration outOfOrder = s.duration("MAX_OUT_OF_ORDERNESS", Duration.ofSeconds(10), Duration.ZERO);
        Duration idleness = s.duration("IDLENESS_TIMEOUT", Duration.ofMinutes(1), ms);
        Duration lateness = s.duration("ALLOWED_LATENESS", Duration.ofMinutes(5), Duration.ZERO);
        Duration emitInterval = s.duration("EMIT_INTERVAL", Duration.ofMillis(300), Duration.ofMillis(10));
        Duration checkpointInterval = s.duration("CHECKPOINT_INTERVAL", Duration.ofSeconds(10), Duration.ofMillis(100));
        String checkpointDir = s.string("CHECKPOINT_DIR",
                Path.of("revguard-data", "checkpoints").toAbsolutePath().toUri().toString());
        String stateBackend = s.string("STATE_BACKEND", "rocksdb");
        if (!Set.of("rocksdb", "hashmap").contains(stateBackend)) {
            s.problem("STATE_BACKEND=" + stateBackend + ": expected rocksdb or hashmap");
        }
        int parallelism = (int) s.longValue("PARALLELISM", 0, 0);
        int restPort = (int) s.longValue("FLINK_REST_PORT", 8081, 0);
        String managedMemory = s.parsed("MANAGED_MEMORY", "512m", "expected a size such as 256m or 1g", v -> {
            org.apache.flink.configuration.MemorySize.parse(v);
            return v;
        });
        int batch = (int) s.longValue("SINK_BATCH_SIZE", 2000, 1);
        int maxPayload = (int) s.longValue("DEAD_LETTER_MAX_PAYLOAD_BYTES", 16_384, 64);
        String restoreFrom = s.raw("RESTORE_FROM");
        boolean resume = s.bool("RESUME", true);
        AlertRules alertRules = new AlertRules(s.duration("ALERT_HOLD", Duration.ofMinutes(2), Duration.ZERO),
                s.duration("ALERT_REPEAT_INTERVAL", Duration.ofHours(4), Duration.ofMinutes(1)));
        DeliverySettings delivery = deliverySettings(s);
        SourceSettings sources = sourceSettings(s, dedupTtl, lateness);
        Duration shutdownTimeout = s.duration("SHUTDOWN_TIMEOUT", Duration.ofSeconds(30), Duration.ofSeconds(1));
        int metricsPort = s.intValue("METRICS_PORT", 0, 0, 65_535);

        s.rejectUnknownFlags();
        if (!s.problems().isEmpty()) {
            throw new ConfigException(s.problems());
        }
        return new JobConfig(bootstrap, topic, groupId, starting, bounded, stopAt, database, migrate, policy,
                prices, evaluationWindow, dedupTtl, outOfOrder, idleness, lateness, emitInterval,
                checkpointInterval, checkpointDir, stateBackend, parallelism, managedMemory, restPort, batch, maxPayload,
                restoreFrom, resume, alertRules, delivery, sources, shutdownTimeout, metricsPort);
    }

    private static SourceSettings sourceSettings(Settings s, Duration dedupTtl, Duration lateness) {
        String topic = s.string("KAFKA_TOPIC_PROVIDERS", "provider-events");
        Duration wait = s.duration("IP_ATTRIBUTION_WAIT", Duration.ofMinutes(2), Duration.ZERO);
        if (wait.compareTo(lateness) >= 0) {
            s.problem("IP_ATTRIBUTION_WAIT=" + Settings.format(wait) + ": must be shorter than ALLOWED_LATENESS ("
                    + Settings.format(lateness) + "), or the attributed sends would arrive after their window closed");
        }
        Duration memory = s.duration("IP_ATTRIBUTION_MEMORY", dedupTtl, Duration.ofSeconds(1));
        boolean across = s.bool("DEDUP_ACROSS_SOURCES", true);
        String mailgunKey = s.raw("MAILGUN_WEBHOOK_SIGNING_KEY");
        return new SourceSettings(topic, wait, memory, across, mailgunKey);
    }

    /** The topic of provider webhook events. */
    public String providerTopic() {
        return sources.providerTopic();
    }

    /** Mailgun's webhook signing key, or null: the job then checks no HMAC. */
    public String mailgunSigningKey() {
        return sources.mailgunSigningKey();
    }

    private static DeliverySettings deliverySettings(Settings s) {
        List<String> urls = urls(s, "ALERT_WEBHOOK_URLS");
        List<String> escalationUrls = s.raw("ALERT_ESCALATION_URLS") == null ? urls : urls(s, "ALERT_ESCALATION_URLS");
        List<String> alertmanagerUrls = urls(s, "ALERTMANAGER_URLS").stream().map(u -> u.replaceAll("/+$", "")).toList();
        Duration escalateAfter = s.duration("ALERT_ESCALATE_AFTER", Duration.ofMinutes(15), Duration.ofSeconds(1));
        Duration resend = s.duration("ALERTMANAGER_RESEND_INTERVAL", Duration.ofMinutes(1), Duration.ofSeconds(1));
        String secret = s.raw("ALERT_WEBHOOK_SECRET");
        if ((!urls.isEmpty() || !escalationUrls.isEmpty()) && secret == null) {
            s.problem("ALERT_WEBHOOK_SECRET: required when ALERT_WEBHOOK_URLS or ALERT_ESCALATION_URLS is set "
                    + "(webhooks are always signed)");
        } else if (secret != null && secret.startsWith("whsec_")) {
            try {
                java.util.Base64.getDecoder().decode(secret.substring(6));
            } catch (IllegalArgumentException e) {
                s.problem("ALERT_WEBHOOK_SECRET: a secret starting with whsec_ must continue in base64");
            }
        } else if (secret != null && secret.length() < 16) {
            s.problem("ALERT_WEBHOOK_SECRET: too short, use at least 16 characters");
        }
        Duration horizon = s.duration("ALERT_RETRY_HORIZON", Duration.ofHours(24), Duration.ofSeconds(1));
        Duration initial = s.duration("ALERT_RETRY_INITIAL", Duration.ofSeconds(1), Duration.ofMillis(10));
        Duration max = s.duration("ALERT_RETRY_MAX", Duration.ofMinutes(5), Duration.ofMillis(10));
        Duration timeout = s.duration("ALERT_WEBHOOK_TIMEOUT", Duration.ofSeconds(5), Duration.ofMillis(100));
        String dashboard = s.string("DASHBOARD_URL", "http://localhost:7070");
        if (!dashboard.startsWith("http://") && !dashboard.startsWith("https://")) {
            s.problem("DASHBOARD_URL=" + dashboard + ": expected an http:// or https:// URL");
        }
        boolean replay = s.bool("REPLAY", false);
        return new DeliverySettings(List.copyOf(urls), secret, horizon, initial, max, timeout,
                dashboard.replaceAll("/+$", ""), replay, List.copyOf(escalationUrls), escalateAfter,
                alertmanagerUrls, resend);
    }

    /** A comma-separated list of absolute http(s) URLs; each one that is not is a problem naming the setting. */
    private static List<String> urls(Settings s, String name) {
        List<String> urls = new ArrayList<>();
        String raw = s.raw(name);
        if (raw == null) {
            return urls;
        }
        for (String u : raw.split(",")) {
            String url = u.trim();
            if (url.isEmpty()) continue;
            try {
                URI uri = new URI(url);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new URISyntaxException(url, "not an absolute http(s) URL");
                }
                urls.add(url);
            } catch (URISyntaxException e) {
                s.problem(name + ": '" + maskUserInfo(url) + "' is not an absolute http:// or https:// URL");
            }
        }
        return urls;
    }

    static String maskUserInfo(String url) {
        return url.replaceAll("//[^/@]*@", "//****@");
    }

    /**
     * The record time the source starts at when {@code KAFKA_STARTING_OFFSETS} is a time (a replay),
     * in epoch milliseconds; null for {@code earliest}, {@code latest} and {@code committed}.
     */
    public Long startingTimeMillis() {
        return Set.of("earliest", "latest", "committed").contains(startingOffsets) ? null
                : OffsetDateTime.parse(startingOffsets).toInstant().toEpochMilli();
    }

    /** The settings as they will be used, secrets masked, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        m.put("KAFKA_TOPIC_POSTHOG", posthogTopic);
        m.put("KAFKA_TOPIC_PROVIDERS", sources.providerTopic());
        m.put("KAFKA_GROUP_ID", groupId);
        m.put("KAFKA_STARTING_OFFSETS", startingOffsets);
        m.put("KAFKA_BOUNDED", String.valueOf(bounded));
        m.put("KAFKA_STOP_AT", stopAt == null ? "(none)" : stopAt);
        m.put("DATABASE_URL", database.maskedUrl());
        m.put("DATABASE_USER", database.user());
        m.put("DATABASE_PASSWORD", database.password() == null ? "(none)" : "****");
        m.put("DATABASE_SCHEMA", database.schema());
        m.put("DATABASE_MIGRATE", String.valueOf(migrate));
        m.put("RISK_POLICY", policy.name() + " (bounce monitor " + policy.bounceMonitor() + ", warning "
                + policy.bounceWarning() + ", critical " + policy.bounceCritical() + "; spam monitor "
                + policy.spamMonitor() + ", warning " + policy.spamWarning() + ", critical "
                + policy.spamCritical() + ")");
        m.put("RISK_MIN_VOLUME", String.valueOf(policy.minimumVolume()));
        m.put("RISK_BOUNCE_PRICE_USD", String.valueOf(prices.bounceUsd()));
        m.put("RISK_SPAM_PRICE_USD", String.valueOf(prices.spamUsd()));
        m.put("EVALUATION_WINDOW", Settings.format(evaluationWindow));
        m.put("DEDUP_TTL", Settings.format(dedupTtl));
        m.put("MAX_OUT_OF_ORDERNESS", Settings.format(maxOutOfOrderness));
        m.put("IDLENESS_TIMEOUT", Settings.format(idlenessTimeout));
        m.put("ALLOWED_LATENESS", Settings.format(allowedLateness));
        m.put("EMIT_INTERVAL", Settings.format(emitInterval));
        m.put("CHECKPOINT_INTERVAL", Settings.format(checkpointInterval));
        m.put("CHECKPOINT_DIR", checkpointDir);
        m.put("STATE_BACKEND", stateBackend);
        m.put("PARALLELISM", parallelism == 0 ? "(Flink default)" : String.valueOf(parallelism));
        m.put("MANAGED_MEMORY", managedMemory);
        m.put("FLINK_REST_PORT", restPort == 0 ? "(any free port)" : String.valueOf(restPort));
        m.put("METRICS_PORT", metricsPort == 0 ? "(off)"
                : metricsPort + " (standalone: Prometheus metrics at http://<host>:" + metricsPort + "/metrics)");
        m.put("SHUTDOWN_TIMEOUT", Settings.format(shutdownTimeout) + " (standalone: the longest a stop may take)");
        m.put("SINK_BATCH_SIZE", String.valueOf(sinkBatchSize));
        m.put("DEAD_LETTER_MAX_PAYLOAD_BYTES", String.valueOf(deadLetterMaxPayloadBytes));
        m.put("RESTORE_FROM", restoreFrom == null ? "(none)" : restoreFrom);
        m.put("RESUME", String.valueOf(resume));
        m.put("ALERT_WEBHOOK_URLS", delivery.webhookUrls().isEmpty() ? "(none: alerts are recorded, not sent)"
                : String.join(",", delivery.webhookUrls().stream().map(JobConfig::maskUserInfo).toList()));
        m.put("ALERT_WEBHOOK_SECRET", delivery.secret() == null ? "(none)" : "****");
        m.put("ALERT_HOLD", Settings.format(alertRules.hold()));
        m.put("ALERT_REPEAT_INTERVAL", Settings.format(alertRules.repeatInterval()));
        m.put("ALERT_RETRY_HORIZON", Settings.format(delivery.retryHorizon()));
        m.put("ALERT_RETRY_INITIAL", Settings.format(delivery.retryInitial()));
        m.put("ALERT_RETRY_MAX", Settings.format(delivery.retryMax()));
        m.put("ALERT_WEBHOOK_TIMEOUT", Settings.format(delivery.timeout()));
        m.put("DASHBOARD_URL", delivery.externalUrl());
        m.put("ALERT_ESCALATE_AFTER", Settings.format(delivery.escalateAfter()));
        m.put("ALERT_ESCALATION_URLS", delivery.escalationUrls().isEmpty() ? "(none: no escalation is sent)"
                : String.join(",", delivery.escalationUrls().stream().map(JobConfig::maskUserInfo).toList()));
        m.put("ALERTMANAGER_URLS", delivery.alertmanagerUrls().isEmpty() ? "(none)"
                : String.join(",", delivery.alertmanagerUrls().stream().map(JobConfig::maskUserInfo).toList()));
        m.put("ALERTMANAGER_RESEND_INTERVAL", Settings.format(delivery.alertmanagerResendInterval()));
        m.put("REPLAY", String.valueOf(delivery.replay()));
        m.put("IP_ATTRIBUTION_WAIT", Settings.format(sources.ipAttributionWait()));
        m.put("IP_ATTRIBUTION_MEMORY", Settings.format(sources.ipAttributionMemory()));
        m.put("DEDUP_ACROSS_SOURCES", String.valueOf(sources.dedupAcrossSources()));
        m.put("MAILGUN_WEBHOOK_SIGNING_KEY", sources.mailgunSigningKey() == null ? "(none: no HMAC check)" : "****");
        return m;
    }
}
