package dev.revguard.common;

import java.util.Locale;

/** How much trouble a sender is in, worst last; the rank is the ordinal. */
public enum Severity {
    INSUFFICIENT_DATA("insufficient_data", "grey"),
    HEALTHY("healthy", "green"),
    MONITOR("monitor", "yellow"),
    WARNING("warning", "orange"),
    CRITICAL("critical", "red");

    private final String label;
    private final String colour;

    Severity(String label, String colour) {
        this.label = label;
        this.colour = colour;
    }

    /** The name stored in the {@code severity} columns. */
    public String label() {
        return label;
    }

    /** The dashboard's colour: critical red, warning orange, monitor yellow, healthy green, insufficient_data grey. */
    public String colour() {
        return colour;
    }

    public int rank() {
        return ordinal();
    }

    /** The severity of a stored label, or null when there is none. */
    public static Severity ofLabel(String label) {
        try {
            return label == null ? null : valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
