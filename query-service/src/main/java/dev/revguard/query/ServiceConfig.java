package dev.revguard.query;

import dev.revguard.common.RiskPolicy;
import dev.revguard.common.settings.DatabaseSettings;
import dev.revguard.common.settings.RiskPolicySettings;
import dev.revguard.common.settings.Settings;
import dev.revguard.query.auth.Role;
import dev.revguard.query.auth.TokenStore;
import dev.revguard.query.cost.WarmupSchedule;
import dev.revguard.query.intake.IntakeSettings;
import dev.revguard.query.report.ReportSettings;
import dev.revguard.query.reputation.ReputationSettings;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of the query service, from flags ({@code --port 7070}, {@code --port=7070}) or the
 * environment ({@code PORT}); a flag wins. Read with the same {@link Settings} as the job's: start-up
 * stops with one line per bad setting.
 */
public record ServiceConfig(
        DatabaseSettings database,
        boolean migrate,
        int port,
        TokenStore tokens,
        boolean allowAnonymous,
        int trendMaxPoints,
        int poolSize,
        DatabaseTimeouts databaseTimeouts,
        Duration gaugeCacheTtl,
        PanelSettings panels,
        Set<ServiceRole> roles,
        IntakeSettings intake,
        ReportSettings reports,
        URI publicUrl) {

    /** Whether the service is reached over https ({@code PUBLIC_URL}): its answers then carry HSTS. */
    public boolean servedOverHttps() {
        return publicUrl != null && "https".equals(publicUrl.getScheme());
    }

    /**
     * How long a request may wait for the database, so that a database gone away or hung is a 503
     * within a bound, never a request held open.
     *
     * @param acquire the longest a request waits for a pooled connection ({@code DATABASE_ACQUIRE_TIMEOUT}):
     *     with the database unreachable, requests are answered 503 after this
     * @param query the longest one statement may run ({@code DATABASE_QUERY_TIMEOUT}): PostgreSQL's
     *     {@code statement_timeout}, and one second more as the driver's socket timeout, for a database that
     *     accepts connections but no longer answers
     */
    public record DatabaseTimeouts(Duration acquire, Duration query) {
        public static final DatabaseTimeouts DEFAULTS = new DatabaseTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(30));

        static DatabaseTimeouts read(Settings s) {
            Duration acquire = s.duration("DATABASE_ACQUIRE_TIMEOUT", DEFAULTS.acquire(), Duration.ofMillis(250));
            if (acquire.compareTo(Duration.ofMinutes(1)) > 0) {
                s.problem("DATABASE_ACQUIRE_TIMEOUT=" + s.raw("DATABASE_ACQUIRE_TIMEOUT") + ": must be at most 1m");
            }
            Duration query = s.duration("DATABASE_QUERY_TIMEOUT", DEFAULTS.query(), Duration.ofSeconds(1));
            if (query.compareTo(Duration.ofMinutes(10)) > 0) {
                s.problem("DATABASE_QUERY_TIMEOUT=" + s.raw("DATABASE_QUERY_TIMEOUT") + ": must be at most 10m");
            }
            return new DatabaseTimeouts(acquire, query);
        }
    }

    /**
     * What the cost and efficiency panels compare against.
     *
     * @param prometheusUrl base URL of the Prometheus that scrapes the VPSs' node exporters, or null
     * @param prometheusTimeout the longest a utilization answer waits for Prometheus
     * @param reputation the IP and domain reputation categories' thresholds
     * @param riskPolicy the job's policy ({@code RISK_POLICY} and its overrides, read as the job reads them),
     *     for the severities the service computes itself over longer windows (the accounts behind MRR at risk)
     */
    public record PanelSettings(
            URI prometheusUrl,
            Duration prometheusTimeout,
            double underusedIpUtilization,
            WarmupSchedule warmupSchedule,
            double targetCostPerEmailUsd,
            Duration responseTarget,
            double benchmarkDeliverability,
            double benchmarkBounce,
            double benchmarkSpam,
            double benchmarkCostPer1000Usd,
            Duration staleAfter,
            double riskBouncePriceUsd,
            double riskSpamPriceUsd,
            Duration cacheTtl,
            ReputationSettings reputation,
            RiskPolicy riskPolicy) {

        public static final PanelSettings DEFAULTS = new PanelSettings(null, Duration.ofSeconds(2), 0.2,
                WarmupSchedule.DEFAULT, 0.0004, Duration.ofMinutes(15), 0.95, 0.02, 0.001, 0.40, Duration.ofMinutes(5), 0.05, 0.25,
                Duration.ofSeconds(5), ReputationSettings.DEFAULTS, RiskPolicy.SEED);
    }

    public static ServiceConfig parse(String[] args, Map<String, String> env) {
        Settings s = new Settings(args, env, Set.of("allow-anonymous"));
        Set<ServiceRole> roles = EnumSet.allOf(ServiceRole.class);
        String rawRoles = s.raw("SERVICE_ROLES");
        if (rawRoles != null) {
            try {
                roles = ServiceRole.parseList(rawRoles);
            } catch (IllegalArgumentException e) {
                s.problem("SERVICE_ROLES=" + rawRoles + ": " + e.getMessage());
            }
        }
        DatabaseSettings database = DatabaseSettings.read(s, "the PostgreSQL database the job writes");
        boolean migrate = s.bool("DATABASE_MIGRATE", true);
        int port = s.intValue("PORT", 7070, 0, 65535);
        boolean anonymous = s.bool("ALLOW_ANONYMOUS", false);
        TokenStore tokens = TokenStore.EMPTY;
        String rawTokens = s.raw("API_TOKENS");
        if (rawTokens != null) {
            try {
                tokens = TokenStore.parse(rawTokens);
            } catch (IllegalArgumentException e) {
                s.problem("API_TOKENS: " + e.getMessage());
            }
        } else if (!anonymous && roles.contains(ServiceRole.API)) {
            s.problem("API_TOKENS: required (name:role:sha256-hex of the token, comma-separated; roles "
                    + String.join(", ", Role.names()) + "), unless ALLOW_ANONYMOUS=true for a local demo");
        }
        int maxPoints = s.intValue("TREND_MAX_POINTS", 1440, 10, 100_000);
        int poolSize = s.intValue("DATABASE_POOL_SIZE", 8, 1, 200);
        DatabaseTimeouts timeouts = DatabaseTimeouts.read(s);
        int cacheMillis = s.intValue("GAUGE_CACHE_MILLIS", 1000, 0, 60_000);
        PanelSettings panels = panels(s);
        IntakeSettings intake = IntakeSettings.read(s);
        ReportSettings reports = ReportSettings.read(s);
        URI publicUrl = s.parsed("PUBLIC_URL", null, "expected the address people reach the service at, such as "
                + "https://revguard.example.com (behind a TLS proxy) or http://127.0.0.1:7070", v -> {
                    URI u = URI.create(v.replaceAll("/+$", ""));
                    return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null ? u : null;
                });
        s.failOnProblems();
        return new ServiceConfig(database, migrate, port, tokens, anonymous, maxPoints, poolSize, timeouts,
                Duration.ofMillis(cacheMillis), panels, Set.copyOf(roles), intake, reports, publicUrl);
    }

    private static PanelSettings panels(Settings s) {
        PanelSettings d = PanelSettings.DEFAULTS;
        URI prometheus = s.parsed("PROMETHEUS_URL", null, "expected an http:// or https:// URL such as http://prometheus:9090",
                v -> {
                    URI u = URI.create(v.replaceAll("/+$", ""));
                    return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null ? u : null;
                });
        Duration timeout = s.duration("PROMETHEUS_TIMEOUT", d.prometheusTimeout(), Duration.ofMillis(50));
        Double underused = s.fraction("UNDERUSED_IP_UTILIZATION");
        WarmupSchedule schedule = s.parsed("WARMUP_SCHEDULE", d.warmupSchedule(),
                "expected <first day>x<daily growth> such as 500x1.4, or daily targets such as 500,1000,2000", WarmupSchedule::parse);
        double targetCost = s.nonNegative("TARGET_COST_PER_EMAIL_USD", d.targetCostPerEmailUsd());
        if (targetCost == 0) {
            s.problem("TARGET_COST_PER_EMAIL_USD=0: must be above 0");
        }
        Duration response = s.duration("RESPONSE_TARGET", d.responseTarget(), Duration.ofSeconds(1));
        Double deliverability = s.fraction("BENCHMARK_DELIVERABILITY");
        Double bounce = s.fraction("BENCHMARK_BOUNCE_RATE");
        Double spam = s.fraction("BENCHMARK_SPAM_RATE");
        double cost1000 = s.nonNegative("BENCHMARK_COST_PER_1000_USD", d.benchmarkCostPer1000Usd());
        Duration stale = s.duration("STALE_AFTER", d.staleAfter(), Duration.ofSeconds(10));
        double bouncePrice = s.nonNegative("RISK_BOUNCE_PRICE_USD", d.riskBouncePriceUsd());
        double spamPrice = s.nonNegative("RISK_SPAM_PRICE_USD", d.riskSpamPriceUsd());
        int cacheMillis = s.intValue("PANEL_CACHE_MILLIS", (int) d.cacheTtl().toMillis(), 0, 600_000);
        ReputationSettings reputation = ReputationSettings.read(s);
        return new PanelSettings(prometheus, timeout, underused == null ? d.underusedIpUtilization() : underused,
                schedule, targetCost, response,
                deliverability == null ? d.benchmarkDeliverability() : deliverability,
                bounce == null ? d.benchmarkBounce() : bounce, spam == null ? d.benchmarkSpam() : spam, cost1000, stale,
                bouncePrice, spamPrice, Duration.ofMillis(cacheMillis), reputation, RiskPolicySettings.read(s));
    }

    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    public String databaseUser() {
        return database.user();
    }

    public String databasePassword() {
        return database.password();
    }

    public String schema() {
        return database.schema();
    }

    /** The settings in use, secrets masked, for the start-up log. */
    public String describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DATABASE_URL", database.maskedUrl());
        m.put("DATABASE_USER", database.user());
        m.put("DATABASE_PASSWORD", database.password() == null ? "(none)" : "****");
        m.put("DATABASE_SCHEMA", database.schema());
        m.put("DATABASE_MIGRATE", String.valueOf(migrate));
        m.put("DATABASE_POOL_SIZE", String.valueOf(poolSize));
        m.put("DATABASE_ACQUIRE_TIMEOUT", Settings.format(databaseTimeouts.acquire()));
        m.put("DATABASE_QUERY_TIMEOUT", Settings.format(databaseTimeouts.query()));
        m.put("PORT", String.valueOf(port));
        m.put("PUBLIC_URL", publicUrl == null ? "(none: no HSTS)" : publicUrl + (servedOverHttps() ? " (HSTS sent)" : ""));
        m.put("SERVICE_ROLES", String.join(",", roles.stream().sorted().map(ServiceRole::label).toList()));
        m.put("API_TOKENS", tokens.describe());
        m.put("ALLOW_ANONYMOUS", String.valueOf(allowAnonymous));
        m.put("TREND_MAX_POINTS", String.valueOf(trendMaxPoints));
        m.put("GAUGE_CACHE_MILLIS", String.valueOf(gaugeCacheTtl.toMillis()));
        m.put("PROMETHEUS_URL", panels.prometheusUrl() == null ? "(none: VPS utilization unavailable)"
                : panels.prometheusUrl().toString().replaceAll("//[^/@]*@", "//****@"));
        m.put("PROMETHEUS_TIMEOUT", Settings.format(panels.prometheusTimeout()));
        m.put("UNDERUSED_IP_UTILIZATION", String.valueOf(panels.underusedIpUtilization()));
        m.put("WARMUP_SCHEDULE", panels.warmupSchedule().toString());
        m.put("TARGET_COST_PER_EMAIL_USD", String.valueOf(panels.targetCostPerEmailUsd()));
        m.put("RESPONSE_TARGET", Settings.format(panels.responseTarget()));
        m.put("BENCHMARK_DELIVERABILITY", String.valueOf(panels.benchmarkDeliverability()));
        m.put("BENCHMARK_BOUNCE_RATE", String.valueOf(panels.benchmarkBounce()));
        m.put("BENCHMARK_SPAM_RATE", String.valueOf(panels.benchmarkSpam()));
        m.put("BENCHMARK_COST_PER_1000_USD", String.valueOf(panels.benchmarkCostPer1000Usd()));
        m.put("STALE_AFTER", Settings.format(panels.staleAfter()));
        m.put("RISK_BOUNCE_PRICE_USD", String.valueOf(panels.riskBouncePriceUsd()));
        m.put("RISK_SPAM_PRICE_USD", String.valueOf(panels.riskSpamPriceUsd()));
        RiskPolicy p = panels.riskPolicy();
        m.put("RISK_POLICY", p.name() + " (bounce monitor " + p.bounceMonitor() + ", warning " + p.bounceWarning()
                + ", critical " + p.bounceCritical() + "; spam monitor " + p.spamMonitor() + ", warning " + p.spamWarning()
                + ", critical " + p.spamCritical() + "; min volume " + p.minimumVolume() + ")");
        m.put("PANEL_CACHE_MILLIS", String.valueOf(panels.cacheTtl().toMillis()));
        panels.reputation().describeInto(m);
        intake.describeInto(m);
        reports.describeInto(m);
        StringBuilder b = new StringBuilder("revguard query service settings:");
        m.forEach((k, v) -> b.append("\n  ").append(k).append(" = ").append(v));
        return b.toString();
    }
}
