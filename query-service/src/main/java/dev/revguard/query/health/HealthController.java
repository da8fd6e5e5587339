package dev.revguard.query.health;

import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

/** {@code /health}: 200 while the database answers, 503 when it does not. */
public final class HealthController {
    private final Jdbi jdbi;

    public HealthController(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void health(Context ctx) {
        try {
            jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            ctx.json(new Health("ok", "reachable"));
        } catch (RuntimeException e) {
            ctx.status(503).json(new Health("unavailable", "unreachable"));
        }
    }

    public record Health(String status, String database) {}
}
