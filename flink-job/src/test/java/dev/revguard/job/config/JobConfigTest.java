package dev.revguard.job.config;

import dev.revguard.common.settings.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revguard.common.RiskPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        env.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        return env;
    }

    @Test
    void defaultsFollowTheSpecification() {
        JobConfig c = JobConfig.parse(new String[0], minimal());
        assertThat(c.posthogTopic()).isEqualTo("posthog-events");
        assertThat(c.policy()).isEqualTo(RiskPolicy.SEED);
        assertThat(c.evaluationWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.dedupTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(c.allowedLateness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.prices().bounceUsd()).isEqualTo(0.05);
        assertThat(c.prices().spamUsd()).isEqualTo(0.25);
        assertThat(c.stateBackend()).isEqualTo("rocksdb");
        assertThat(c.database().user()).isEqualTo("postgres");
    }

    @Test
    void flagsWinOverTheEnvironment() {
        Map<String, String> env = minimal();
        env.put("RISK_POLICY", "seed");
        JobConfig c = JobConfig.parse(new String[] {"--risk-policy", "mailbox-2024", "--evaluation-window=30m",
                "--risk-spam-critical=0.004", "--kafka-bounded"}, env);
        assertThat(c.policy().name()).isEqualTo("mailbox-2024");
        assertThat(c.policy().spamCritical().value()).isEqualTo(0.004);
        assertThat(c.policy().spamCritical().inclusive()).isTrue();
        assertThat(c.policy().bounceCritical()).isEqualTo(RiskPolicy.MAILBOX_2024.bounceCritical());
        assertThat(c.evaluationWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.bounded()).isTrue();
    }

    @Test
    void everyBadSettingIsNamedWithTheReason() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "mysql://localhost/db");
        env.put("RISK_POLICY", "strict");
        env.put("EVALUATION_WINDOW", "90s");
        env.put("ALLOWED_LATENESS", "soon");
        env.put("RISK_BOUNCE_MONITOR", "5");
        env.put("SINK_BATCH_SIZE", "0");
        assertThatThrownBy(() -> JobConfig.parse(new String[] {"--no-such-flag=1"}, env))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "KAFKA_BOOTSTRAP_SERVERS (--kafka-bootstrap-servers): required, the Kafka brokers to read from (host:port,...)",
                        "DATABASE_URL: expected jdbc:postgresql://host:port/db or postgres://user@host:port/db",
                        "RISK_POLICY=strict: expected one of seed, mailbox-2024",
                        "RISK_BOUNCE_MONITOR=5.0: expected a fraction between 0 and 1, such as 0.05",
                        "EVALUATION_WINDOW=90s: must be a whole number of minutes",
                        "ALLOWED_LATENESS=soon: expected a duration such as 500ms, 10s, 5m, 24h or PT5M",
                        "SINK_BATCH_SIZE=0: must be at least 1",
                        "--no-such-flag: unknown flag"));
    }

    @Test
    void escalationAndAlertmanagerSettings() {
        Map<String, String> env = minimal();
        JobConfig plain = JobConfig.parse(new String[0], env);
        assertThat(plain.delivery().escalateAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(plain.delivery().alertmanagerResendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(plain.delivery().escalates()).isFalse();
        assertThat(plain.delivery().postsToAlertmanager()).isFalse();

        env.put("ALERT_WEBHOOK_URLS", "https://oncall.example/hook");
        env.put("ALERT_WEBHOOK_SECRET", "a-secret-of-sixteen+");
        env.put("ALERTMANAGER_URLS", "http://am-1:9093/, http://am-2:9093");
        JobConfig c = JobConfig.parse(new String[0], env);
        assertThat(c.delivery().escalationUrls()).as("escalations go to the webhooks by default")
                .containsExactly("https://oncall.example/hook");
        assertThat(c.delivery().alertmanagerUrls()).containsExactly("http://am-1:9093", "http://am-2:9093");
        assertThat(c.delivery().postsToAlertmanager()).isTrue();

        env.put("ALERT_ESCALATION_URLS", "https://managers.example/hook");
        env.put("ALERT_ESCALATE_AFTER", "5m");
        env.put("REPLAY", "true");
        JobConfig replay = JobConfig.parse(new String[0], env);
        assertThat(replay.delivery().escalationUrls()).containsExactly("https://managers.example/hook");
        assertThat(replay.delivery().escalateAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(replay.delivery().escalates()).as("a replay sends nothing").isFalse();
        assertThat(replay.delivery().postsToAlertmanager()).isFalse();

        Map<String, String> bad = minimal();
        bad.put("ALERT_ESCALATION_URLS", "managers");
        bad.put("ALERTMANAGER_URLS", "am:9093");
        bad.put("ALERT_ESCALATE_AFTER", "0s");
        assertThatThrownBy(() -> JobConfig.parse(new String[0], bad))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).contains(
                        "ALERT_ESCALATION_URLS: 'managers' is not an absolute http:// or https:// URL",
                        "ALERTMANAGER_URLS: 'am:9093' is not an absolute http:// or https:// URL"));
    }

    @Test
    void metricsAreOffUnlessAPortIsGiven() {
        assertThat(JobConfig.parse(new String[0], minimal()).metricsPort()).isZero();
        assertThat(JobConfig.parse(new String[0], minimal()).describe()).containsEntry("METRICS_PORT", "(off)");
        Map<String, String> env = minimal();
        env.put("METRICS_PORT", "9249");
        JobConfig c = JobConfig.parse(new String[0], env);
        assertThat(c.metricsPort()).isEqualTo(9249);
        assertThat(c.describe().get("METRICS_PORT")).startsWith("9249 ");
        env.put("METRICS_PORT", "70000");
        assertThatThrownBy(() -> JobConfig.parse(new String[0], env)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly("METRICS_PORT=70000: must be between 0 and 65535"));
        env.put("METRICS_PORT", "any");
        assertThatThrownBy(() -> JobConfig.parse(new String[0], env)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                        .startsWith("METRICS_PORT"));
    }

    @Test
    void thresholdsMustRise() {
        Map<String, String> env = minimal();
        env.put("RISK_BOUNCE_WARNING", "0.2");
        assertThatThrownBy(() -> JobConfig.parse(new String[0], env))
                .hasMessageContaining("RISK_BOUNCE_*: thresholds must rise from monitor to warning to critical");
    }

    @Test
    void libpqUrlsAreAcceptedAndSecretsNeverPrinted() {
        Map<String, String> env = minimal();
        env.put("DATABASE_URL", "postgres://revguard:s3cr%40t@db.internal:6543/revguard?sslmode=require");
        JobConfig c = JobConfig.parse(new String[0], env);
        assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/revguard?sslmode=require");
        assertThat(c.database().user()).isEqualTo("revguard");
        assertThat(c.database().password()).isEqualTo("s3cr@t");
        assertThat(c.describe().toString()).doesNotContain("s3cr").contains("DATABASE_PASSWORD=****");
        assertThat(c.database().toString()).doesNotContain("s3cr");

        env.put("DATABASE_URL", "jdbc:postgresql://h/db?user=u&password=hunter2");
        assertThat(JobConfig.parse(new String[0], env).describe().toString())
                .doesNotContain("hunter2").contains("password=****");
    }
}
