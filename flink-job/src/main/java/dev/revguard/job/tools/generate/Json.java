package dev.revguard.job.tools.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Building the records' JSON. */
final class Json {
    private Json() {}

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = new ObjectMapper().setNodeFactory(NODES);

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array(String... values) {
        ArrayNode a = NODES.arrayNode();
        for (String v : values) {
            a.add(v);
        }
        return a;
    }

    /** Seconds with exactly {@code digits} fractional digits, as a JSON number (a factory would strip zeros). */
    static DecimalNode seconds(long millis, int micros, int digits) {
        return DecimalNode.valueOf(BigDecimal.valueOf(millis * 1000L + micros, 6).setScale(digits, java.math.RoundingMode.DOWN));
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
