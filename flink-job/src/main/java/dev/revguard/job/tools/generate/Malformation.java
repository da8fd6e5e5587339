package dev.revguard.job.tools.generate;

/** The ways a generated record is broken, each one defect the job must dead-letter. */
public enum Malformation {
    /** The JSON is cut off half-way (unparseable_json). Never sent through the intake, which answers 400. */
    TRUNCATED,
    /** An event type the source does not document (unknown_event_type; PostHog: an unknown status). */
    UNKNOWN_EVENT_TYPE,
    /** The event id is missing (missing_event_id). */
    MISSING_ID
}
