package dev.revguard.job.tools.generate;

import java.util.Locale;

/** Scripted trouble in the generated traffic. */
public enum Scenario {
    /** Steady healthy traffic. */
    NONE,
    /** {@link Senders#DEGRADING_DOMAIN} goes healthy, monitor, warning, critical over 4 minutes, recovers at minute 6. */
    DOMAIN_DEGRADES,
    /** {@link Senders#SPIKING_IP} draws 4 % complaints from minute 1 to minute 4. */
    SPAM_SPIKE;

    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Scenario parse(String s) {
        for (Scenario v : values()) {
            if (v.optionName().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("--scenario must be none, domain-degrades or spam-spike, not " + s);
    }
}
