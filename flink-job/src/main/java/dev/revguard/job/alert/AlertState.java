package dev.revguard.job.alert;

/**
 * What {@link TrackAlertState} remembers of one dimension value: the severity it is moving to and
 * since when, and the open incident if there is one. A Flink POJO.
 */
public class AlertState {
    /** Severity ordinal being observed, and since when (event time); -1 when none yet. */
    public int candidateLevel = -1;
    public long candidateSince;

    /** The open incident: its alert id (null when none), start, notifications so far. */
    public String alertId;
    public long startedAt;
    public int seq;
    public int notifiedLevel;
    public long lastNotifiedAt;

    public AlertState() {}
}
