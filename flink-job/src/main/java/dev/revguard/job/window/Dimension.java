package dev.revguard.job.window;

import dev.revguard.job.ingest.DeliveryEvent;
import java.util.function.Function;

/** The six ways revguard slices traffic. {@code all} has the single value {@code all}. */
public enum Dimension {
    ALL("all", e -> "all"),
    ACCOUNT("account", DeliveryEvent::accountId),
    SENDING_DOMAIN("sending_domain", DeliveryEvent::sendingDomain),
    SENDING_IP("sending_ip", DeliveryEvent::sendingIp),
    PROVIDER("provider", DeliveryEvent::provider),
    RECIPIENT_DOMAIN("recipient_domain", DeliveryEvent::recipientDomain);

    private static final Dimension[] ALL_DIMENSIONS = values();

    private final String label;
    private final Function<DeliveryEvent, String> valueOf;

    Dimension(String label, Function<DeliveryEvent, String> valueOf) {
        this.label = label;
        this.valueOf = valueOf;
    }

    /** The name stored in the {@code dimension} column. */
    public String label() {
        return label;
    }

    public String valueOf(DeliveryEvent event) {
        return valueOf.apply(event);
    }

    public static Dimension[] all() {
        return ALL_DIMENSIONS;
    }
}
