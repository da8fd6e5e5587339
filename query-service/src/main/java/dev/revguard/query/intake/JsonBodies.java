package dev.revguard.query.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Syntax checks and splitting of request bodies. The intake judges JSON syntax only: depth and
 * content are the job's to judge (it dead-letters nesting beyond 1,000 levels), so the parser here
 * has no depth limit (Jackson's tree reader does not recurse). Split elements are the exact bytes
 * of the body, not a re-serialization.
 */
final class JsonBodies {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private JsonBodies() {}

    /** The body as a tree; 400 when it is not exactly one JSON value. */
    static JsonNode parse(byte[] body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonNode tree = MAPPER.readTree(p);
            if (tree == null || tree.isMissingNode()) {
                throw Refusal.malformed("the body is empty; expected JSON");
            }
            if (p.nextToken() != null) {
                throw Refusal.malformed("the body holds more than one JSON value");
            }
            return tree;
        } catch (IOException e) {
            throw Refusal.malformed("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** The elements of a body that is a JSON array (already parsed), as slices of the body. */
    static List<byte[]> arrayElements(byte[] body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("not an array");
            }
            return elements(p, body);
        } catch (IOException e) {
            throw Refusal.malformed("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** The elements of the array in the top-level field {@code field} of an object body, as slices of the body. */
    static List<byte[]> fieldElements(byte[] body, String field) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name) && value == JsonToken.START_ARRAY) {
                    return elements(p, body);
                }
                p.skipChildren();
            }
            throw new IllegalArgumentException("no array " + field);
        } catch (IOException e) {
            throw Refusal.malformed("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** With the parser on START_ARRAY: each element's bytes, up to the matching END_ARRAY. */
    private static List<byte[]> elements(JsonParser p, byte[] body) throws IOException {
        List<byte[]> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            long start = p.currentTokenLocation().getByteOffset();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else {
                p.finishToken(); // a string's end is known only once it is read
            }
            long end = p.currentLocation().getByteOffset();
            out.add(Arrays.copyOfRange(body, (int) start, (int) end));
        }
        return out;
    }

    /** A scalar field as text, or null when absent, null, empty or not a scalar. */
    static String scalar(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || !(n.isTextual() || n.isNumber() || n.isBoolean())) {
            return null;
        }
        String s = n.asText();
        return s.isEmpty() ? null : s;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
