package dev.revguard.job.risk;

/** How much trouble a sender is in, worst last. */
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

    public String label() {
        return label;
    }

    public String colour() {
        return colour;
    }
}
