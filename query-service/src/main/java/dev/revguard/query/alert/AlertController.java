package dev.revguard.query.alert;

import dev.revguard.query.auth.AccessControl;
import dev.revguard.query.web.ApiException;
import dev.revguard.query.web.Params;
import io.javalin.http.Context;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The alert list and acknowledgement. */
public final class AlertController {
    private static final List<String> STATUSES = List.of("firing", "resolved", "all");
    private final AlertQueries reads;
    private final AlertQueries writes;

    public AlertController(Jdbi readJdbi, Jdbi writeJdbi) {
        this.reads = readJdbi.onDemand(AlertQueries.class);
        this.writes = writeJdbi.onDemand(AlertQueries.class);
    }

    public void list(Context ctx) {
        String status = ctx.queryParam("status");
        if (status == null || status.isBlank()) {
            status = "all";
        } else if (!STATUSES.contains(status)) {
            throw ApiException.badParameter("status", "must be one of firing, resolved, all");
        }
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        ctx.json(new Alerts(status, reads.list("all".equals(status) ? null : status, limit)));
    }

    public void acknowledge(Context ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("alr_[0-9a-f]{20}")) {
            throw ApiException.badParameter("id", "must be an alert id such as alr_0123456789abcdef0123");
        }
        String by = AccessControl.principal(ctx).name();
        ctx.json(writes.acknowledge(id, by).orElseThrow(() -> ApiException.notFound("id", "no alert " + id)));
    }

    /** Alerts of one status, newest change first. */
    public record Alerts(String status, List<AlertRow> items) {}
}
