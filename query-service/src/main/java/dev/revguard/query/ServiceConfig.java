package dev.revguard.query;

import dev.revguard.query.auth.Role;
import dev.revguard.query.auth.TokenStore;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of the query service, from flags ({@code --port 7070}, {@code --port=7070}) or the
 * environment ({@code PORT}); a flag wins. Start-up stops with one line per bad setting.
 */
public record ServiceConfig(
        String jdbcUrl,
        String databaseUser,
        String databasePassword,
        String schema,
        boolean migrate,
        int port,
        TokenStore tokens,
        boolean allowAnonymous,
        int trendMaxPoints,
        int poolSize,
        java.time.Duration gaugeCacheTtl) {

    /** Bad configuration, every problem on its own line. */
    public static class ConfigException extends RuntimeException {
        public ConfigException(List<String> problems) {
            super("Invalid configuration:\n  " + String.join("\n  ", problems));
        }
    }

    public static ServiceConfig parse(String[] args, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                problems.add("argument '" + a + "': expected a flag such as --port=7070");
                continue;
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("allow-anonymous")) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                problems.add("--" + name + ": missing value");
                continue;
            }
            flags.put(name.replace('-', '_').toUpperCase(Locale.ROOT), value);
        }
        Map<String, String> used = new LinkedHashMap<>();
        java.util.function.Function<String, String> get = name -> {
            String v = flags.containsKey(name) ? flags.get(name) : env.get(name);
            used.put(name, v);
            return v == null || v.isBlank() ? null : v.trim();
        };

        String url = get.apply("DATABASE_URL");
        String user = get.apply("DATABASE_USER");
        String password = get.apply("DATABASE_PASSWORD");
        String jdbc = null;
        if (url == null) {
            problems.add("DATABASE_URL (--database-url): required, the PostgreSQL database the job writes (jdbc:postgresql://host:5432/db)");
        } else if (url.startsWith("jdbc:postgresql://")) {
            jdbc = url;
        } else if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            try {
                URI uri = new URI(url);
                if (uri.getRawUserInfo() != null) {
                    String[] parts = uri.getRawUserInfo().split(":", 2);
                    if (user == null) user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                    if (password == null && parts.length > 1) password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
                }
                jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort())
                        + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            } catch (Exception e) {
                problems.add("DATABASE_URL: not a valid URL");
            }
        } else {
            problems.add("DATABASE_URL: expected jdbc:postgresql://host:port/db or postgres://user@host:port/db");
        }
        String schema = get.apply("DATABASE_SCHEMA");
        schema = schema == null ? "public" : schema;
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            problems.add("DATABASE_SCHEMA=" + schema + ": expected a plain identifier (letters, digits, _)");
        }
        boolean migrate = bool(get.apply("DATABASE_MIGRATE"), true, "DATABASE_MIGRATE", problems);
        int port = integer(get.apply("PORT"), 7070, 0, 65535, "PORT", problems);
        boolean anonymous = bool(get.apply("ALLOW_ANONYMOUS"), false, "ALLOW_ANONYMOUS", problems);
        TokenStore tokens = TokenStore.EMPTY;
        String rawTokens = get.apply("API_TOKENS");
        if (rawTokens != null) {
            try {
                tokens = TokenStore.parse(rawTokens);
            } catch (IllegalArgumentException e) {
                problems.add("API_TOKENS: " + e.getMessage());
            }
        } else if (!anonymous) {
            problems.add("API_TOKENS: required (name:role:sha256-hex of the token, comma-separated; roles "
                    + String.join(", ", Role.names()) + "), unless ALLOW_ANONYMOUS=true for a local demo");
        }
        int maxPoints = integer(get.apply("TREND_MAX_POINTS"), 1440, 10, 100_000, "TREND_MAX_POINTS", problems);
        int poolSize = integer(get.apply("DATABASE_POOL_SIZE"), 8, 1, 200, "DATABASE_POOL_SIZE", problems);
        int cacheMillis = integer(get.apply("GAUGE_CACHE_MILLIS"), 1000, 0, 60_000, "GAUGE_CACHE_MILLIS", problems);
        for (String name : flags.keySet()) {
            if (!used.containsKey(name)) {
                problems.add("--" + name.toLowerCase(Locale.ROOT).replace('_', '-') + ": unknown flag");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServiceConfig(jdbc, user == null ? "postgres" : user, password, schema, migrate, port, tokens,
                anonymous, maxPoints, poolSize, java.time.Duration.ofMillis(cacheMillis));
    }

    private static boolean bool(String v, boolean dflt, String name, List<String> problems) {
        if (v == null) return dflt;
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> {
                problems.add(name + "=" + v + ": expected true or false");
                yield dflt;
            }
        };
    }

    private static int integer(String v, int dflt, int min, int max, String name, List<String> problems) {
        if (v == null) return dflt;
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                problems.add(name + "=" + v + ": must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            problems.add(name + "=" + v + ": expected a whole number");
            return dflt;
        }
    }

    /** The settings in use, secrets masked, for the start-up log. */
    public String describe() {
        return "revguard query service settings:"
                + "\n  DATABASE_URL = " + jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1****")
                + "\n  DATABASE_USER = " + databaseUser
                + "\n  DATABASE_PASSWORD = " + (databasePassword == null ? "(none)" : "****")
                + "\n  DATABASE_SCHEMA = " + schema
                + "\n  DATABASE_MIGRATE = " + migrate
                + "\n  DATABASE_POOL_SIZE = " + poolSize
                + "\n  PORT = " + port
                + "\n  API_TOKENS = " + tokens.describe()
                + "\n  ALLOW_ANONYMOUS = " + allowAnonymous
                + "\n  TREND_MAX_POINTS = " + trendMaxPoints
                + "\n  GAUGE_CACHE_MILLIS = " + gaugeCacheTtl.toMillis();
    }
}
