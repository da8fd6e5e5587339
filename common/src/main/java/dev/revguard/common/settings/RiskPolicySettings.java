package dev.revguard.common.settings;

import dev.revguard.common.RiskPolicy;
import dev.revguard.common.Threshold;

/**
 * The risk policy from {@code RISK_POLICY} and its one-by-one overrides ({@code RISK_BOUNCE_MONITOR}, ...,
 * {@code RISK_MIN_VOLUME}): read the same way by the job, which classifies with it, and by the query
 * service, which classifies accounts over longer windows (MRR at risk) with the same lines.
 */
public final class RiskPolicySettings {
    private RiskPolicySettings() {}

    public static RiskPolicy read(Settings s) {
        String policyName = s.string("RISK_POLICY", RiskPolicy.SEED.name());
        RiskPolicy policy = RiskPolicy.named(policyName);
        if (policy == null) {
            s.problem("RISK_POLICY=" + policyName + ": expected one of seed, mailbox-2024");
            policy = RiskPolicy.SEED;
        }
        return overrideThresholds(s, policy);
    }

    private static RiskPolicy overrideThresholds(Settings s, RiskPolicy p) {
        Threshold bm = override(s, "RISK_BOUNCE_MONITOR", p.bounceMonitor());
        Threshold bw = override(s, "RISK_BOUNCE_WARNING", p.bounceWarning());
        Threshold bc = override(s, "RISK_BOUNCE_CRITICAL", p.bounceCritical());
        Threshold sm = override(s, "RISK_SPAM_MONITOR", p.spamMonitor());
        Threshold sw = override(s, "RISK_SPAM_WARNING", p.spamWarning());
        Threshold sc = override(s, "RISK_SPAM_CRITICAL", p.spamCritical());
        long minVolume = s.longValue("RISK_MIN_VOLUME", p.minimumVolume(), 0);
        if (bm.value() > bw.value() || bw.value() > bc.value()) {
            s.problem("RISK_BOUNCE_*: thresholds must rise from monitor to warning to critical, got "
                    + bm + ", " + bw + ", " + bc);
        }
        if (sm.value() > sw.value() || sw.value() > sc.value()) {
            s.problem("RISK_SPAM_*: thresholds must rise from monitor to warning to critical, got "
                    + sm + ", " + sw + ", " + sc);
        }
        return new RiskPolicy(p.name(), bm, bw, bc, sm, sw, sc, minVolume);
    }

    private static Threshold override(Settings s, String name, Threshold t) {
        Double v = s.fraction(name);
        return v == null ? t : t.withValue(v);
    }
}
