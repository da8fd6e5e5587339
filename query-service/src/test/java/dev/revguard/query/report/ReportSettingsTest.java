package dev.revguard.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revguard.common.settings.ConfigException;
import dev.revguard.query.ServiceConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reports' settings stop start-up with the setting named and why. */
class ReportSettingsTest {
    private static ServiceConfig parse(String... kv) {
        Map<String, String> env = new HashMap<>(Map.of("ALLOW_ANONYMOUS", "true", "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return ServiceConfig.parse(new String[0], env);
    }

    @Test
    void defaultsStoreReportsOnRequestOnly() {
        ReportSettings r = parse().reports();
        assertThat(r.schedule()).isNull();
        assertThat(r.smtp()).isNull();
        assertThat(r.zone().getId()).isEqualTo("UTC");
        assertThat(r.paper()).isEqualTo("a4");
    }

    @Test
    void smtpUrlsChooseTheirSecurityAndPort() {
        SmtpSettings tls = parse("SMTP_URL", "smtps://mail.example.com", "REPORT_FROM", "revguard@example.com",
                "REPORT_RECIPIENTS", "ceo@example.com, cfo@example.com").reports().smtp();
        assertThat(tls.security()).isEqualTo(SmtpSettings.Security.TLS);
        assertThat(tls.port()).isEqualTo(465);
        assertThat(tls.recipientList()).containsExactly("ceo@example.com", "cfo@example.com");
        SmtpSettings starttls = parse("SMTP_URL", "smtp://mail.example.com", "REPORT_FROM", "r@example.com",
                "REPORT_RECIPIENTS", "ceo@example.com").reports().smtp();
        assertThat(starttls.security()).isEqualTo(SmtpSettings.Security.STARTTLS);
        assertThat(starttls.port()).isEqualTo(587);
        SmtpSettings plain = parse("SMTP_URL", "smtp://127.0.0.1:2525?starttls=off", "REPORT_FROM", "r@example.com",
                "REPORT_RECIPIENTS", "ceo@example.com").reports().smtp();
        assertThat(plain.security()).isEqualTo(SmtpSettings.Security.NONE);
        assertThat(plain.port()).isEqualTo(2525);
    }

    @Test
    void thePasswordIsNeverInTheDescription() {
        ServiceConfig c = parse("SMTP_URL", "smtp://mail.example.com:587", "SMTP_USERNAME", "reports",
                "SMTP_PASSWORD", "s3cr3t-pa55", "REPORT_FROM", "r@example.com", "REPORT_RECIPIENTS", "ceo@example.com");
        assertThat(c.describe()).contains("SMTP_PASSWORD = ****").contains("SMTP_USERNAME = reports").doesNotContain("s3cr3t-pa55");
    }

    @Test
    void retriesDoubleUpToTheLongestWait() {
        ReportSettings r = parse("REPORT_RETRY_FIRST", "1m", "REPORT_RETRY_MAX", "5m").reports();
        assertThat(r.retryAfter(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.retryAfter(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.retryAfter(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(r.retryAfter(4)).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.retryAfter(40)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void badSettingsStopStartUpNamingEachOne() {
        assertThatThrownBy(() -> parse("REPORT_SCHEDULE", "weekly FUNDAY 08:00"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("REPORT_SCHEDULE=weekly FUNDAY 08:00: 'FUNDAY'");
        assertThatThrownBy(() -> parse("REPORT_TIMEZONE", "Mars/Olympus"))
                .hasMessageContaining("REPORT_TIMEZONE=Mars/Olympus: expected a time zone");
        assertThatThrownBy(() -> parse("REPORT_PAPER", "a3")).hasMessageContaining("REPORT_PAPER=a3: expected a4 or letter");
        assertThatThrownBy(() -> parse("SMTP_URL", "smtp://user:pw@mail.example.com", "REPORT_FROM", "r@example.com",
                "REPORT_RECIPIENTS", "ceo@example.com"))
                .hasMessageContaining("SMTP_URL: holds credentials").message().doesNotContain("pw@");
        assertThatThrownBy(() -> parse("SMTP_URL", "http://mail.example.com"))
                .hasMessageContaining("SMTP_URL=http://mail.example.com: expected smtps://");
        assertThatThrownBy(() -> parse("SMTP_URL", "smtp://mail.example.com"))
                .hasMessageContaining("REPORT_FROM: required with SMTP_URL")
                .hasMessageContaining("REPORT_RECIPIENTS: required with SMTP_URL");
        assertThatThrownBy(() -> parse("SMTP_URL", "smtp://mail.example.com", "REPORT_FROM", "r@example.com",
                "REPORT_RECIPIENTS", "ceo@example.com, not an address"))
                .hasMessageContaining("REPORT_RECIPIENTS: 'not an address' is not an e-mail address");
        assertThatThrownBy(() -> parse("REPORT_RECIPIENTS", "ceo@example.com"))
                .hasMessageContaining("SMTP_URL is not");
        assertThatThrownBy(() -> parse("SMTP_URL", "smtp://mail.example.com", "SMTP_USERNAME", "u", "REPORT_FROM",
                "r@example.com", "REPORT_RECIPIENTS", "ceo@example.com"))
                .hasMessageContaining("SMTP_USERNAME/SMTP_PASSWORD: set both or neither");
        assertThatThrownBy(() -> parse("REPORT_RETRY_FIRST", "10m", "REPORT_RETRY_MAX", "1m"))
                .hasMessageContaining("REPORT_RETRY_MAX=1m: must not be shorter");
    }
}
