package dev.revguard.query.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revguard.query.ServiceConfig;
import dev.revguard.query.ServiceRole;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntakeSettingsTest {
    private static final String KEY = IntakeIT.SENDGRID_KEY;

    private static Map<String, String> base() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "jdbc:postgresql://db:5432/revguard");
        env.put("ALLOW_ANONYMOUS", "true");
        return env;
    }

    @Test
    void byDefaultBothRolesAndNoIntakeIsConfigured() {
        ServiceConfig c = ServiceConfig.parse(new String[0], base());
        assertThat(c.roles()).containsExactlyInAnyOrder(ServiceRole.API, ServiceRole.INTAKE);
        IntakeSettings s = c.intake();
        assertThat(s.anyConfigured()).isFalse();
        assertThat(s.providersTopic()).isEqualTo("provider-events");
        assertThat(s.posthogTopic()).isEqualTo("posthog-events");
        assertThat(s.maxBodyBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(s.kafkaTimeout()).hasSeconds(5);
        assertThat(s.snsAutoConfirm()).isFalse();
        assertThat(c.describe()).contains("SERVICE_ROLES = api,intake").contains("/ingest/v1/sendgrid answers 404");
    }

    @Test
    void everyProviderConfiguredAndNoSecretIsPrinted() {
        Map<String, String> env = base();
        env.put("SERVICE_ROLES", "intake");
        env.put("ALLOW_ANONYMOUS", "false");
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("SENDGRID_WEBHOOK_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\n" + KEY + "\n-----END PUBLIC KEY-----\n");
        env.put("MAILGUN_WEBHOOK_SIGNING_KEY", "mailgun-secret-value-1");
        env.put("SNS_TOPIC_ARNS", "arn:aws:sns:us-east-1:111122223333:revguard-ses-events, arn:aws:sns:eu-west-1:111122223333:other");
        env.put("SNS_CERT_HOSTS", "http://127.0.0.1:8089");
        env.put("SNS_AUTO_CONFIRM", "true");
        env.put("INGEST_POSTHOG_TOKEN", "posthog-secret-value-1");
        env.put("INGEST_POSTHOG_SIGNING_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        env.put("INGEST_MAX_BODY_BYTES", "2097152");
        env.put("INGEST_KAFKA_TIMEOUT", "1500ms");
        ServiceConfig c = ServiceConfig.parse(new String[0], env);
        assertThat(c.roles()).containsExactly(ServiceRole.INTAKE);
        IntakeSettings s = c.intake();
        assertThat(s.sendgridConfigured() && s.mailgunConfigured() && s.sesConfigured() && s.posthogConfigured()).isTrue();
        assertThat(s.snsTopicArns()).hasSize(2);
        assertThat(s.snsCertHosts()).extracting(Object::toString).containsExactly("http://127.0.0.1:8089/");
        assertThat(s.kafkaTimeout().toMillis()).isEqualTo(1500);
        assertThat(c.describe() + s).doesNotContain("mailgun-secret-value-1").doesNotContain("posthog-secret-value-1")
                .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").contains("MAILGUN_WEBHOOK_SIGNING_KEY = ****")
                .contains("SERVICE_ROLES = intake");
    }

    @Test
    void badIntakeSettingsStopStartUpWithTheirNames() {
        Map<String, String> env = base();
        env.put("SERVICE_ROLES", "api,ingest");
        env.put("SENDGRID_WEBHOOK_PUBLIC_KEY", "not-a-key");
        env.put("SNS_TOPIC_ARNS", "revguard-ses-events");
        env.put("SNS_CERT_HOSTS", "ftp://certs");
        env.put("INGEST_POSTHOG_TOKEN", "short");
        env.put("INGEST_POSTHOG_SIGNING_SECRET", "whsec_%%%");
        env.put("INGEST_MAX_BODY_BYTES", "1000");
        env.put("INGEST_KAFKA_TIMEOUT", "soon");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], env))
                .hasMessageContaining("SERVICE_ROLES=api,ingest: 'ingest' is not one of api, intake")
                .hasMessageContaining("SENDGRID_WEBHOOK_PUBLIC_KEY=not-a-key: expected")
                .hasMessageContaining("SNS_TOPIC_ARNS: 'revguard-ses-events' is not an SNS topic ARN")
                .hasMessageContaining("SNS_CERT_HOSTS: 'ftp://certs'")
                .hasMessageContaining("INGEST_POSTHOG_TOKEN: at least 16 characters")
                .hasMessageContaining("INGEST_POSTHOG_SIGNING_SECRET: expected")
                .hasMessageNotContaining("whsec_%%%").hasMessageNotContaining("short")
                .hasMessageContaining("INGEST_MAX_BODY_BYTES=1000: must be at least 1048576")
                .hasMessageContaining("INGEST_KAFKA_TIMEOUT=soon")
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS (--kafka-bootstrap-servers): required");
        Map<String, String> noRoles = base();
        noRoles.put("SERVICE_ROLES", " , ");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], noRoles)).hasMessageContaining("SERVICE_ROLES");
    }

    @Test
    void apiTokensAreRequiredOnlyWithTheApiRole() {
        Map<String, String> env = base();
        env.remove("ALLOW_ANONYMOUS");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], env)).hasMessageContaining("API_TOKENS: required");
        env.put("SERVICE_ROLES", "intake");
        assertThat(ServiceConfig.parse(new String[0], env).roles()).containsExactly(ServiceRole.INTAKE);
    }
}
