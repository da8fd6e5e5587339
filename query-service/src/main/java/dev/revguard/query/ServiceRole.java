package dev.revguard.query;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one instance of the service serves ({@code SERVICE_ROLES}, default both): the dashboard and
 * its API, the webhook intake, or both; {@code /health} and {@code /metrics} are always there.
 */
public enum ServiceRole {
    API,
    INTAKE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String names() {
        return Arrays.stream(values()).map(ServiceRole::label).collect(Collectors.joining(", "));
    }

    /** A comma list such as {@code api,intake}; throws naming the first unknown role. */
    public static Set<ServiceRole> parseList(String text) {
        EnumSet<ServiceRole> roles = EnumSet.noneOf(ServiceRole.class);
        for (String part : text.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            ServiceRole role = Arrays.stream(values()).filter(r -> r.label().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + part.trim() + "' is not one of " + names()));
            roles.add(role);
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("at least one of " + names());
        }
        return roles;
    }
}
