package dev.revguard.job.risk;

import java.io.Serializable;

/** Dollars lost per bounced and per complained-about message, used by the risk formula. */
public record RiskPrices(double bounceUsd, double spamUsd) implements Serializable {
    public static final RiskPrices DEFAULT = new RiskPrices(0.05, 0.25);
}
