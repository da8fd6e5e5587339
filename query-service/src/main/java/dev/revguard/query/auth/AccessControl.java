package dev.revguard.query.auth;

import dev.revguard.query.web.ApiException;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Set;

/**
 * Checks the bearer token of every request to a route that declares roles: 401 without a valid
 * token, 403 when its role is not enough. The principal is kept on the request for handlers.
 */
public final class AccessControl {
    private static final String PRINCIPAL = "revguard.principal";
    private final TokenStore tokens;
    private final boolean allowAnonymous;

    public AccessControl(TokenStore tokens, boolean allowAnonymous) {
        this.tokens = tokens;
        this.allowAnonymous = allowAnonymous;
    }

    public void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty()) {
            return; // public: /health, the dashboard's files, the API description
        }
        String token = bearer(ctx);
        TokenStore.Principal principal;
        if (token == null) {
            if (!allowAnonymous) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"revguard\"");
                throw new ApiException(401, "unauthorized", "Authorization", "a bearer token is required");
            }
            principal = new TokenStore.Principal("anonymous", Role.VIEWER);
        } else {
            principal = tokens.authenticate(token).orElseThrow(() -> {
                ctx.header("WWW-Authenticate", "Bearer realm=\"revguard\", error=\"invalid_token\"");
                return new ApiException(401, "unauthorized", "Authorization", "the bearer token is not valid");
            });
        }
        boolean allowed = roles.stream().anyMatch(r -> principal.role().includes((Role) r));
        if (!allowed) {
            throw new ApiException(403, "forbidden", "Authorization",
                    "role " + principal.role().label() + " may not do this; it needs " + ((Role) roles.iterator().next()).label());
        }
        ctx.attribute(PRINCIPAL, principal);
    }

    /** The token from {@code Authorization: Bearer ...}, or from {@code access_token} for the event stream. */
    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = header.substring(7).trim();
            return t.isEmpty() ? null : t;
        }
        if (ctx.path().endsWith("/stream")) {
            // EventSource cannot set headers: the stream alone takes the token as a parameter.
            return ctx.queryParam("access_token");
        }
        return null;
    }

    public static TokenStore.Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }
}
