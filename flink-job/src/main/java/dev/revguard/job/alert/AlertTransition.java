package dev.revguard.job.alert;

/**
 * A change of an alert that is notified: it fired, escalated, is repeated, or resolved.
 *
 * @param webhookId the notification's id, derived from the alert and {@code seq}: the same across
 *     restarts, replays and retries
 * @param severity the alert's severity (the worst notified in this incident)
 * @param currentSeverity the severity observed at this change
 * @param endsAt when the incident ended (resolved only), else 0
 * @param changedAt event time of the evaluation that made the change
 */
public record AlertTransition(
        String alertId,
        String webhookId,
        int seq,
        String kind,
        String status,
        String severity,
        String currentSeverity,
        String dimension,
        String value,
        long startsAt,
        long endsAt,
        long changedAt,
        long sent,
        Double bounceRate,
        Double spamRate,
        Double deliverabilityRate,
        double revenueRiskUsd) {

    public static final String FIRING = "firing";
    public static final String ESCALATED = "escalated";
    public static final String REPEAT = "repeat";
    public static final String RESOLVED = "resolved";
    /** Not a transition of the alert's state: a critical alert nobody acknowledged in time, notified once more. */
    public static final String UNACKNOWLEDGED = "unacknowledged";
}
