package dev.revguard.job.alert;

/**
 * What {@link TrackAlertState} remembers of one dimension value: since when its severity has been
 * continuously at least monitor, warning and critical, and continuously healthy; and the open
 * incident if there is one. A Flink POJO.
 */
public class AlertState {
    /** Not in that state now. */
    public static final long NONE = Long.MIN_VALUE;

    /** Event time since which every settled evaluation was at least that severity, or {@link #NONE}. */
    public long monitorSince = NONE;
    public long warningSince = NONE;
    public long criticalSince = NONE;
    /** Event time since which every settled evaluation was healthy, or {@link #NONE}. */
    public long healthySince = NONE;

    /** The open incident: its alert id (null when none), start, notifications so far. */
    public String alertId;
    public long startedAt;
    public int seq;
    public int notifiedLevel;
    public long lastNotifiedAt;

    public AlertState() {}
}
