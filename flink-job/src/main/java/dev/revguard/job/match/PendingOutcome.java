package dev.revguard.job.match;

import dev.revguard.job.source.DeliveryEvent;

/**
 * A provider outcome that named no sending IP, waiting until the watermark passes its event time
 * plus the attribution wait. A Flink POJO.
 */
public class PendingOutcome {
    /** The outcome, counted already under every dimension but {@code sending_ip}. */
    public DeliveryEvent event;
    /** The IP it was counted under so far for {@code sending_ip}, or null while none is known. */
    public String countedUnder;

    public PendingOutcome() {}

    public PendingOutcome(DeliveryEvent event, String countedUnder) {
        this.event = event;
        this.countedUnder = countedUnder;
    }
}
