package dev.revguard.job.window;

import dev.revguard.common.Dimension;
import dev.revguard.job.source.DeliveryEvent;

/** Which value of each dimension an event counts under. */
public final class DimensionValues {
    private DimensionValues() {}

    /** The value counted when an event carries none for a dimension. */
    public static final String UNKNOWN = "unknown";

    public static String of(Dimension dimension, DeliveryEvent e) {
        String v = switch (dimension) {
            case ALL -> "all";
            case ACCOUNT -> e.accountId();
            case SENDING_DOMAIN -> e.sendingDomain();
            case SENDING_IP -> e.sendingIp();
            case PROVIDER -> e.provider();
            case RECIPIENT_DOMAIN -> e.recipientDomain();
        };
        return v == null ? UNKNOWN : v;
    }
}
