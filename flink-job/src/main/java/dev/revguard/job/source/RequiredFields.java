package dev.revguard.job.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Reads the required fields of one provider event and collects everything wrong with them, so one
 * dead letter names every bad field at once ({@code "timestamp, email"}) instead of the first.
 *
 * <p>The reason is {@code missing_field} when a field is absent, else {@code invalid_field} when a
 * field has the wrong type or an impossible value, else {@code bad_timestamp} when the only fault
 * is a timestamp string in none of the documented forms.
 */
public final class RequiredFields {
    /** What the readers return for a field that is not usable; the fault is recorded. */
    public static final long NO_TIME = Long.MIN_VALUE;

    /** 9999-12-31T23:59:59Z: later Unix seconds are not a time any provider sends (seconds read as ms, say). */
    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(253_402_300_799L);
    private static final Pattern DIGIT_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,18})?");

    private enum Kind { MISSING, INVALID, UNREADABLE_TIME }

    private record Fault(String field, Kind kind, String value) {}

    private final List<Fault> faults = new ArrayList<>(2);

    public void missing(String field) {
        faults.add(new Fault(field, Kind.MISSING, null));
    }

    public void invalid(String field) {
        faults.add(new Fault(field, Kind.INVALID, null));
    }

    public boolean ok() {
        return faults.isEmpty();
    }

    /** The dead letter for what was found, naming the fields in the order they were read; only when {@link #ok()} is false. */
    public Parsed deadLetter() {
        if (has(Kind.MISSING)) {
            return Parsed.deadLetter(Reasons.MISSING_FIELD, join(f -> f.kind() == Kind.MISSING ? f.field() : null));
        }
        if (has(Kind.INVALID)) {
            return Parsed.deadLetter(Reasons.INVALID_FIELD, join(Fault::field));
        }
        return Parsed.deadLetter(Reasons.BAD_TIMESTAMP, join(f -> f.field() + ": " + f.value()));
    }

    /** A non-blank string, stripped; null (and the fault recorded) otherwise. */
    public String text(JsonNode value, String field) {
        if (absent(value)) {
            missing(field);
            return null;
        }
        if (!value.isTextual()) {
            invalid(field);
            return null;
        }
        String s = value.textValue().strip();
        if (s.isEmpty()) {
            missing(field);
            return null;
        }
        return s;
    }

    /** An email address with a domain part ({@code Name <a@b>} too), stripped; null otherwise. */
    public String address(JsonNode value, String field) {
        String s = text(value, field);
        if (s != null && RecordJson.domainOf(s) == null) {
            invalid(field);
            return null;
        }
        return s;
    }

    /**
     * Unix seconds as a JSON number (integral or with a fraction) or a string of digits, as epoch
     * milliseconds truncated; {@link #NO_TIME} otherwise.
     */
    public long epochSeconds(JsonNode value, String field) {
        if (absent(value)) {
            missing(field);
            return NO_TIME;
        }
        BigDecimal seconds = null;
        if (value.isTextual()) {
            String s = value.textValue().strip();
            if (!DIGIT_SECONDS.matcher(s).matches()) {
                unreadable(field, value.textValue());
                return NO_TIME;
            }
            seconds = new BigDecimal(s);
        } else if (value.isIntegralNumber()) {
            seconds = new BigDecimal(value.bigIntegerValue());
        } else if (value.isBigDecimal()) {
            seconds = value.decimalValue();
        } else if (value.isFloatingPointNumber() && Double.isFinite(value.doubleValue())) {
            // The shortest decimal that reads back as this double: the digits the provider wrote,
            // so 1772460303.482 stays .482 and is not truncated to .481999...
            seconds = BigDecimal.valueOf(value.doubleValue());
        }
        if (seconds == null || seconds.signum() < 0 || seconds.compareTo(MAX_EPOCH_SECONDS) > 0) {
            invalid(field);
            return NO_TIME;
        }
        return seconds.movePointRight(3).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /**
     * An ISO-8601 string in a form {@link Timestamps#parse} reads, not before 1970, as epoch
     * milliseconds; {@link #NO_TIME} otherwise.
     */
    public long isoTimestamp(JsonNode value, String field) {
        if (absent(value)) {
            missing(field);
            return NO_TIME;
        }
        if (!value.isTextual()) {
            invalid(field);
            return NO_TIME;
        }
        try {
            long millis = Timestamps.parse(value.textValue());
            if (millis < 0) {
                invalid(field); // before 1970: no provider event is that old, as with Unix seconds
                return NO_TIME;
            }
            return millis;
        } catch (DateTimeException | ArithmeticException e) {
            unreadable(field, value.textValue());
            return NO_TIME;
        }
    }

    private void unreadable(String field, String text) {
        faults.add(new Fault(field, Kind.UNREADABLE_TIME, RecordJson.abbreviate(text)));
    }

    private boolean has(Kind kind) {
        return faults.stream().anyMatch(f -> f.kind() == kind);
    }

    private String join(Function<Fault, String> name) {
        return faults.stream().map(name).filter(Objects::nonNull).collect(Collectors.joining(", "));
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }
}
