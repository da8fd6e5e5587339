package dev.revguard.common.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads settings from flags ({@code --kafka-bootstrap-servers=...} or {@code --kafka-bootstrap-servers ...})
 * and the environment ({@code KAFKA_BOOTSTRAP_SERVERS}); a flag wins over the environment.
 * Collects every problem so that start-up names all bad settings at once. Both the job and the
 * query service read their settings with it.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, String> flags = new LinkedHashMap<>();
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> used = new LinkedHashMap<>();

    public Settings(String[] args, Map<String, String> env, Set<String> booleanFlags) {
        this.env = env;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                problems.add("argument '" + arg + "': expected a flag such as --database-url=...");
                continue;
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (booleanFlags.contains(name)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                problems.add("--" + name + ": missing value");
                continue;
            }
            flags.put(toEnvName(name), value);
        }
    }

    public static String toEnvName(String flag) {
        return flag.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public static String toFlag(String envName) {
        return "--" + envName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Flags that no setting read: reported as errors so typos do not pass silently. */
    public void rejectUnknownFlags() {
        for (String name : flags.keySet()) {
            if (!used.containsKey(name)) {
                problems.add(toFlag(name) + ": unknown flag");
            }
        }
    }

    public String raw(String name) {
        String v = flags.containsKey(name) ? flags.get(name) : env.get(name);
        used.put(name, v);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String string(String name, String defaultValue) {
        String v = raw(name);
        return v == null ? defaultValue : v;
    }

    public String required(String name, String why) {
        String v = raw(name);
        if (v == null) {
            problems.add(name + " (" + toFlag(name) + "): required, " + why);
        }
        return v;
    }

    public <T> T parsed(String name, T defaultValue, String expected, Function<String, T> parser) {
        String v = raw(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            T t = parser.apply(v);
            if (t == null) {
                throw new IllegalArgumentException();
            }
            return t;
        } catch (RuntimeException e) {
            problems.add(name + "=" + v + ": " + expected);
            return defaultValue;
        }
    }

    public long longValue(String name, long defaultValue, long min) {
        Long v = parsed(name, defaultValue, "expected a whole number", Long::valueOf);
        if (v < min) {
            problems.add(name + "=" + v + ": must be at least " + min);
        }
        return v;
    }

    /** A whole number in {@code [min, max]}. */
    public int intValue(String name, int defaultValue, int min, int max) {
        Long v = parsed(name, (long) defaultValue, "expected a whole number", Long::valueOf);
        if (v < min || v > max) {
            problems.add(name + "=" + v + ": must be between " + min + " and " + max);
            return defaultValue;
        }
        return v.intValue();
    }

    /** Throws a {@link ConfigException} naming every problem found so far, if any. */
    public void failOnProblems() {
        rejectUnknownFlags();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        return parsed(name, defaultValue, "expected true or false", s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> null;
        });
    }

    public Double fraction(String name) {
        Double d = parsed(name, null, "expected a fraction between 0 and 1, such as 0.05", Double::valueOf);
        if (d != null && (d < 0 || d > 1 || d.isNaN())) {
            problems.add(name + "=" + d + ": expected a fraction between 0 and 1, such as 0.05");
            return null;
        }
        return d;
    }

    public double nonNegative(String name, double defaultValue) {
        Double d = parsed(name, defaultValue, "expected a number", Double::valueOf);
        if (d < 0 || d.isNaN()) {
            problems.add(name + "=" + d + ": must not be negative");
        }
        return d;
    }

    public Duration duration(String name, Duration defaultValue, Duration min) {
        Duration d = parsed(name, defaultValue,
                "expected a duration such as 500ms, 10s, 5m, 24h or PT5M", Settings::parseDuration);
        if (d.compareTo(min) < 0) {
            problems.add(name + "=" + raw(name) + ": must be at least " + format(min));
        }
        return d;
    }

    public void problem(String message) {
        problems.add(message);
    }

    public List<String> problems() {
        return problems;
    }

    public static Duration parseDuration(String s) {
        Matcher m = DURATION.matcher(s.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
