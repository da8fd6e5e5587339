package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revguard.query.auth.Role;
import dev.revguard.query.auth.TokenStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
    @Test
    void tokensAreHeldAsHashesWithTheirRoles() {
        ServiceConfig c = ServiceConfig.parse(new String[] {"--port", "8080"}, Map.of(
                "DATABASE_URL", "postgres://svc:pw@db:5432/revguard",
                "API_TOKENS", "ops:operator:" + TokenStore.sha256("s3cret-token-value")));
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/revguard");
        assertThat(c.databaseUser()).isEqualTo("svc");
        assertThat(c.tokens().authenticate("s3cret-token-value")).contains(new TokenStore.Principal("ops", Role.OPERATOR));
        assertThat(c.tokens().authenticate("guess")).isEmpty();
        assertThat(c.describe()).doesNotContain("pw").doesNotContain(TokenStore.sha256("s3cret-token-value"))
                .contains("DATABASE_PASSWORD = ****").contains("ops:operator:****");
    }

    @Test
    void badSettingsStopStartUpWithTheirNames() {
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--colour=blue"}, Map.of(
                "PORT", "http", "API_TOKENS", "ops:operator:plain-token", "TREND_MAX_POINTS", "5")))
                .hasMessageContaining("DATABASE_URL (--database-url): required")
                .hasMessageContaining("PORT=http: expected a whole number")
                .hasMessageContaining("API_TOKENS: entry 'ops': expected the token's SHA-256 as 64 hex digits, not the token itself")
                .hasMessageContaining("TREND_MAX_POINTS=5: must be between 10 and 100000")
                .hasMessageContaining("--colour: unknown flag");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], Map.of("DATABASE_URL", "jdbc:postgresql://h/db")))
                .hasMessageContaining("API_TOKENS: required");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], Map.of("DATABASE_URL", "jdbc:postgresql://h/db",
                "API_TOKENS", "x:superuser:" + "a".repeat(64))))
                .hasMessageContaining("role 'superuser' is not one of viewer, operator, admin");
    }

    @Test
    void databaseTimeoutsAreReadAndBounded() {
        Map<String, String> base = Map.of("DATABASE_URL", "jdbc:postgresql://h/db", "ALLOW_ANONYMOUS", "true");
        ServiceConfig d = ServiceConfig.parse(new String[0], base);
        assertThat(d.databaseTimeouts()).isEqualTo(ServiceConfig.DatabaseTimeouts.DEFAULTS);
        assertThat(d.describe()).contains("DATABASE_ACQUIRE_TIMEOUT = 3s").contains("DATABASE_QUERY_TIMEOUT = 30s");
        ServiceConfig c = ServiceConfig.parse(new String[] {"--database-acquire-timeout=500ms", "--database-query-timeout", "5s"}, base);
        assertThat(c.databaseTimeouts().acquire()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(c.databaseTimeouts().query()).isEqualTo(java.time.Duration.ofSeconds(5));
        Map<String, String> bad = new java.util.HashMap<>(base);
        bad.put("DATABASE_ACQUIRE_TIMEOUT", "100ms");
        bad.put("DATABASE_QUERY_TIMEOUT", "1h");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], bad))
                .hasMessageContaining("DATABASE_ACQUIRE_TIMEOUT=100ms: must be at least 250ms")
                .hasMessageContaining("DATABASE_QUERY_TIMEOUT=1h: must be at most 10m");
    }

    @Test
    void theRiskPolicyIsReadAsTheJobReadsIt() {
        Map<String, String> base = Map.of("DATABASE_URL", "jdbc:postgresql://h/db", "ALLOW_ANONYMOUS", "true");
        assertThat(ServiceConfig.parse(new String[0], base).panels().riskPolicy().name()).isEqualTo("seed");
        Map<String, String> env = new java.util.HashMap<>(base);
        env.put("RISK_POLICY", "mailbox-2024");
        env.put("RISK_BOUNCE_WARNING", "0.03");
        ServiceConfig c = ServiceConfig.parse(new String[0], env);
        assertThat(c.panels().riskPolicy().name()).isEqualTo("mailbox-2024");
        assertThat(c.panels().riskPolicy().bounceWarning().value()).isEqualTo(0.03);
        assertThat(c.panels().riskPolicy().spamCritical().value()).isEqualTo(0.003);
        assertThat(c.describe()).contains("RISK_POLICY = mailbox-2024 (bounce monitor >=0.02, warning >=0.03");
        env.put("RISK_POLICY", "lenient");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], env))
                .hasMessageContaining("RISK_POLICY=lenient: expected one of seed, mailbox-2024");
    }

    @Test
    void reputationThresholdsAreReadAndABadOneStopsStartUpNamingIt() {
        Map<String, String> base = Map.of("DATABASE_URL", "jdbc:postgresql://h/db", "ALLOW_ANONYMOUS", "true");
        ServiceConfig d = ServiceConfig.parse(new String[0], base);
        assertThat(d.panels().reputation()).isEqualTo(dev.revguard.query.reputation.ReputationSettings.DEFAULTS);
        assertThat(d.describe()).contains("REPUTATION_BAD_SPAM_RATE = 0.003").contains("REPUTATION_MIN_SENT = 1000");
        ServiceConfig c = ServiceConfig.parse(new String[] {"--reputation-bad-bounce-rate=0.2", "--reputation-min-sent", "500"}, base);
        assertThat(c.panels().reputation().badBounceRate()).isEqualTo(0.2);
        assertThat(c.panels().reputation().minSent()).isEqualTo(500);

        java.util.function.Function<Map<String, String>, Map<String, String>> with = extra -> {
            Map<String, String> m = new java.util.HashMap<>(base);
            m.putAll(extra);
            return m;
        };
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], with.apply(Map.of("REPUTATION_BAD_SPAM_RATE", "1"))))
                .hasMessageContaining("REPUTATION_BAD_SPAM_RATE=1.0: expected a fraction above 0 and below 1");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], with.apply(Map.of("REPUTATION_LOW_BOUNCE_RATE", "0"))))
                .hasMessageContaining("REPUTATION_LOW_BOUNCE_RATE=0.0: expected a fraction above 0 and below 1");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], with.apply(Map.of("REPUTATION_MEDIUM_SPAM_RATE", "lots"))))
                .hasMessageContaining("REPUTATION_MEDIUM_SPAM_RATE=lots: expected a fraction");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], with.apply(Map.of("REPUTATION_MIN_SENT", "0"))))
                .hasMessageContaining("REPUTATION_MIN_SENT=0: must be at least 1");
        // low above bad: the order is named with the values
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], with.apply(Map.of("REPUTATION_LOW_SPAM_RATE", "0.004"))))
                .hasMessageContaining("REPUTATION_BAD_SPAM_RATE=0.003, REPUTATION_LOW_SPAM_RATE=0.004, REPUTATION_MEDIUM_SPAM_RATE=5.0E-4")
                .hasMessageContaining("must not rise from bad to low to medium");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], with.apply(Map.of("REPUTATION_MEDIUM_BOUNCE_RATE", "0.06"))))
                .hasMessageContaining("REPUTATION_LOW_BOUNCE_RATE=0.05, REPUTATION_MEDIUM_BOUNCE_RATE=0.06");
    }
}
