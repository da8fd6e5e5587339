package dev.revguard.job.window;

import dev.revguard.common.Dimension;
import dev.revguard.job.source.DeliveryEvent;

/**
 * An outcome to count: the event, the dimensions it counts under (a bit per {@link Dimension}
 * ordinal) and its weight, +1, or -1 for a correction (a send counted under one sending IP that the
 * attribution rule gives to another).
 */
public record Counted(DeliveryEvent event, int dimensions, int weight) {
    public static final int EVERY_DIMENSION = (1 << Dimension.all().length) - 1;
    public static final int SENDING_IP_ONLY = 1 << Dimension.SENDING_IP.ordinal();
    public static final int ALL_BUT_SENDING_IP = EVERY_DIMENSION & ~SENDING_IP_ONLY;

    public static Counted of(DeliveryEvent e) {
        return new Counted(e, EVERY_DIMENSION, 1);
    }

    public boolean countsUnder(int dimensionOrdinal) {
        return (dimensions & (1 << dimensionOrdinal)) != 0;
    }
}
