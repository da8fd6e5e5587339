package dev.revguard.job.source;

import java.util.Set;

/**
 * The names {@code dead_letter_events.reason} holds: exactly one of these, the details in
 * {@code detail}.
 */
public final class Reasons {
    private Reasons() {}

    /** Not JSON, cut off, or nested deeper than {@link RecordJson#MAX_NESTING_DEPTH}. */
    public static final String UNPARSEABLE_JSON = "unparseable_json";
    /** Larger than {@link RecordJson#MAX_RECORD_BYTES}: not parsed. */
    public static final String TOO_LARGE = "too_large";
    /** JSON, but not a shape the source delivers (an array, Mailgun's legacy form fields). */
    public static final String UNSUPPORTED_FORMAT = "unsupported_format";
    /** A required field is absent; the detail names it. */
    public static final String MISSING_FIELD = "missing_field";
    /** The event id duplicates would share is absent. */
    public static final String MISSING_EVENT_ID = "missing_event_id";
    /** A field has the wrong type or an impossible value; the detail names the fields. */
    public static final String INVALID_FIELD = "invalid_field";
    /** A timestamp none of the documented forms reads. */
    public static final String BAD_TIMESTAMP = "bad_timestamp";
    /** A PostHog deliverability status that is neither an outcome nor an engagement status. */
    public static final String UNKNOWN_STATUS = "unknown_status";
    /** A provider event type the provider does not document. */
    public static final String UNKNOWN_EVENT_TYPE = "unknown_event_type";
    /** An SES event that names no recipient. */
    public static final String MISSING_RECIPIENT = "missing_recipient";
    /** A Mailgun body whose HMAC does not match the configured signing key. */
    public static final String BAD_SIGNATURE = "bad_signature";
    /** A {@code provider-events} record whose key names no known provider. */
    public static final String UNKNOWN_PROVIDER = "unknown_provider";
    /** An event later than its window's end plus the allowed lateness. */
    public static final String LATE = "late";

    public static final Set<String> ALL = Set.of(UNPARSEABLE_JSON, TOO_LARGE, UNSUPPORTED_FORMAT, MISSING_FIELD,
            MISSING_EVENT_ID, INVALID_FIELD, BAD_TIMESTAMP, UNKNOWN_STATUS, UNKNOWN_EVENT_TYPE, MISSING_RECIPIENT,
            BAD_SIGNATURE, UNKNOWN_PROVIDER, LATE);
}
