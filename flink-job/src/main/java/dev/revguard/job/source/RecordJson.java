package dev.revguard.job.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads record values into JSON trees with the limits every source shares: a value over
 * {@link #MAX_RECORD_BYTES} is not parsed at all ({@code too_large}); nesting deeper than
 * {@link #MAX_NESTING_DEPTH} is {@code unparseable_json}, never a stack overflow; so is a value
 * with anything but blanks after it.
 */
public final class RecordJson {
    public static final int MAX_RECORD_BYTES = 1 << 20;
    public static final int MAX_NESTING_DEPTH = 1000;

    /** A tree, or the dead letter the value is. */
    public record Read(JsonNode node, Parsed deadLetter) {
        public boolean ok() {
            return node != null;
        }
    }

    private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build())
            // A value followed by anything but blanks ({"a":1}} or two events run together) is not one JSON value.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The value as JSON, or a {@code too_large} / {@code unparseable_json} dead letter. */
    public Read read(byte[] value) {
        if (value == null || value.length == 0) {
            return new Read(null, Parsed.deadLetter(Reasons.UNPARSEABLE_JSON, "empty record"));
        }
        if (value.length > MAX_RECORD_BYTES) {
            return new Read(null, Parsed.deadLetter(Reasons.TOO_LARGE,
                    value.length + " bytes, more than " + MAX_RECORD_BYTES));
        }
        try {
            JsonNode node = mapper.readTree(value);
            return node == null || node.isMissingNode()
                    ? new Read(null, Parsed.deadLetter(Reasons.UNPARSEABLE_JSON, "no JSON value"))
                    : new Read(node, null);
        } catch (IOException | RuntimeException e) {
            return new Read(null, Parsed.deadLetter(Reasons.UNPARSEABLE_JSON, firstLine(e)));
        }
    }

    /**
     * A JSON document held in a string field (PostHog's {@code properties}, SNS's {@code Message}),
     * under the same limits; {@code reason} and {@code field} name the dead letter when it is not JSON.
     */
    public Read readEmbedded(String text, String reason, String field) {
        try {
            JsonNode node = mapper.readTree(text);
            return node == null || node.isMissingNode()
                    ? new Read(null, Parsed.deadLetter(reason, field + ": empty"))
                    : new Read(node, null);
        } catch (IOException | RuntimeException e) {
            return new Read(null, Parsed.deadLetter(reason, field + ": " + firstLine(e)));
        }
    }

    /** A string field's value; null when absent, null, not a string, or blank. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isTextual()) {
            return null;
        }
        String s = v.textValue();
        return s.isBlank() ? null : s;
    }

    /** True when the field is present and not JSON null. */
    public static boolean present(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && !v.isNull();
    }

    /** The domain part of an address ({@code Name <a@b.example>} too), lower case; null when it has none. */
    public static String domainOf(String address) {
        if (address == null) {
            return null;
        }
        String a = address.strip();
        int lt = a.lastIndexOf('<');
        int gt = a.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            a = a.substring(lt + 1, gt);
        }
        int at = a.lastIndexOf('@');
        if (at < 0 || at == a.length() - 1) {
            return null;
        }
        return a.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    }

    public static String abbreviate(String s) {
        return s == null || s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return abbreviate(nl < 0 ? m : m.substring(0, nl));
    }
}
