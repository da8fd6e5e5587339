package dev.revguard.query.intake;

import dev.revguard.query.web.ApiException;

/**
 * A request the intake does not store, with the status it is answered with and the reason it is
 * counted under ({@code revguard_intake_refusals_total{provider, reason}}).
 */
public final class Refusal extends ApiException {
    public static final String NOT_CONFIGURED = "not_configured";
    public static final String TOO_LARGE = "too_large";
    public static final String EVENT_TOO_LARGE = "event_too_large";
    public static final String MISSING_SIGNATURE = "missing_signature";
    public static final String BAD_SIGNATURE = "bad_signature";
    public static final String STALE_TIMESTAMP = "stale_timestamp";
    public static final String REPLAYED_TOKEN = "replayed_token";
    public static final String MISSING_TOKEN = "missing_token";
    public static final String BAD_TOKEN = "bad_token";
    public static final String UNKNOWN_TOPIC = "unknown_topic";
    public static final String FOREIGN_CERT_URL = "foreign_cert_url";
    public static final String BAD_CERTIFICATE = "bad_certificate";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String KAFKA_UNAVAILABLE = "kafka_unavailable";
    public static final String DATABASE_UNAVAILABLE = "database_unavailable";
    public static final String CERT_UNAVAILABLE = "cert_unavailable";
    public static final String CONFIRM_FAILED = "confirm_failed";

    private final String reason;

    private Refusal(int status, String error, String reason, String detail) {
        this(status, error, null, reason, detail);
    }

    private Refusal(int status, String error, String parameter, String reason, String detail) {
        super(status, error, parameter, detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    static Refusal unauthorized(String reason, String detail) {
        return new Refusal(401, "unauthorized", reason, detail);
    }

    static Refusal forbidden(String reason, String detail) {
        return new Refusal(403, "forbidden", reason, detail);
    }

    static Refusal notConfigured(String path) {
        // Indistinguishable from any unknown route: a scanner learns nothing about the configuration.
        return new Refusal(404, "not_found", NOT_CONFIGURED, "no such route: " + path);
    }

    static Refusal tooLarge(String reason, String detail) {
        return new Refusal(413, "too_large", reason, detail);
    }

    static Refusal malformed(String detail) {
        return new Refusal(400, "malformed_json", "body", MALFORMED_JSON, detail);
    }

    static Refusal unavailable(String reason, String detail) {
        return new Refusal(503, "unavailable", reason, detail);
    }
}
