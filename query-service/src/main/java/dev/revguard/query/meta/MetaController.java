package dev.revguard.query.meta;

import dev.revguard.common.Dimension;
import dev.revguard.common.RiskPolicy;
import dev.revguard.common.Severity;
import dev.revguard.common.Threshold;
import dev.revguard.query.auth.AccessControl;
import dev.revguard.query.auth.TokenStore;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;

/**
 * What the dashboard needs to know of the API's vocabulary and of its caller: the dimensions,
 * severities with their colours and the policies' thresholds (from the same definitions the job
 * uses), and the caller's name and role.
 */
public final class MetaController {
    private final Vocabulary vocabulary = new Vocabulary(
            Dimension.labels(),
            Arrays.stream(Severity.values()).map(s -> new SeverityTerm(s.label(), s.colour(), s.rank())).toList(),
            RiskPolicy.NAMED.stream().map(PolicyTerm::of).toList());

    public void me(Context ctx) {
        TokenStore.Principal p = AccessControl.principal(ctx);
        ctx.json(new Me(p.name(), p.role().label()));
    }

    public void vocabulary(Context ctx) {
        ctx.json(vocabulary);
    }

    public record Me(String name, String role) {}

    public record Vocabulary(List<String> dimensions, List<SeverityTerm> severities, List<PolicyTerm> policies) {}

    public record SeverityTerm(String name, String colour, int rank) {}

    public record Lines(double monitor, double warning, double critical) {
        static Lines of(Threshold m, Threshold w, Threshold c) {
            return new Lines(m.value(), w.value(), c.value());
        }
    }

    /** A policy's default thresholds (a job may override them one by one: RISK_BOUNCE_MONITOR, ...). */
    public record PolicyTerm(String name, Lines bounce, Lines spam, long minVolume) {
        static PolicyTerm of(RiskPolicy p) {
            return new PolicyTerm(p.name(), Lines.of(p.bounceMonitor(), p.bounceWarning(), p.bounceCritical()),
                    Lines.of(p.spamMonitor(), p.spamWarning(), p.spamCritical()), p.minimumVolume());
        }
    }
}
