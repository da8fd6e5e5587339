package dev.revguard.query.auth;

import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a token may do; each role may do what the ones before it may. */
public enum Role implements RouteRole {
    VIEWER, OPERATOR, ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        return Role.valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Role::label).toList();
    }
}
