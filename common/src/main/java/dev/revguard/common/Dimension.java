package dev.revguard.common;

import java.util.Arrays;
import java.util.List;

/**
 * The six ways revguard slices traffic, as stored in the {@code dimension} column (the schema's
 * check constraints list the same names). {@code all} has the single value {@code all}.
 */
public enum Dimension {
    ALL("all"),
    ACCOUNT("account"),
    SENDING_DOMAIN("sending_domain"),
    SENDING_IP("sending_ip"),
    PROVIDER("provider"),
    RECIPIENT_DOMAIN("recipient_domain");

    private static final Dimension[] ALL_DIMENSIONS = values();
    private static final List<String> LABELS = Arrays.stream(ALL_DIMENSIONS).map(Dimension::label).toList();

    private final String label;

    Dimension(String label) {
        this.label = label;
    }

    /** The name stored in the {@code dimension} column. */
    public String label() {
        return label;
    }

    public static Dimension[] all() {
        return ALL_DIMENSIONS;
    }

    /** Every label, in order. */
    public static List<String> labels() {
        return LABELS;
    }

    /** The dimension of a label, or null when there is none. */
    public static Dimension ofLabel(String label) {
        for (Dimension d : ALL_DIMENSIONS) {
            if (d.label.equals(label)) {
                return d;
            }
        }
        return null;
    }
}
