package dev.revguard.job.window;

import dev.revguard.common.Dimension;
import dev.revguard.job.source.DeliveryEvent;

/** Which value of each dimension an event counts under. */
public final class DimensionValues {
    private DimensionValues() {}

    public static String of(Dimension dimension, DeliveryEvent e) {
        return switch (dimension) {
            case ALL -> "all";
            case ACCOUNT -> e.accountId();
            case SENDING_DOMAIN -> e.sendingDomain();
            case SENDING_IP -> e.sendingIp();
            case PROVIDER -> e.provider();
            case RECIPIENT_DOMAIN -> e.recipientDomain();
        };
    }
}
