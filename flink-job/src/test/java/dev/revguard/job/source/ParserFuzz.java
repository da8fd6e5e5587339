package dev.revguard.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Random damage to real records: byte flips, insertions and deletions of JSON punctuation,
 * truncations at every length, and type swaps deep inside the tree (where a parser is most
 * likely to assume a shape). Whatever comes in, a parser must answer, never throw.
 */
public final class ParserFuzz {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] PUNCTUATION = "{}[]\":,.-+eE0129 \\\u0000nulltruefalse".getBytes(StandardCharsets.UTF_8);

    private ParserFuzz() {}

    /** Every truncation of every seed, and {@code perSeed} random mutations of each. */
    public static int run(SourceParser parser, List<byte[]> seeds, long randomSeed, int perSeed) {
        return run(parser, seeds, randomSeed, perSeed, UnaryOperator.identity());
    }

    /** As {@link #run(SourceParser, List, long, int)}, each mutated value also passed through {@code wrap}. */
    public static int run(SourceParser parser, List<byte[]> seeds, long randomSeed, int perSeed,
            UnaryOperator<byte[]> wrap) {
        Random random = new Random(randomSeed);
        int parsed = 0;
        for (byte[] seed : seeds) {
            for (int len = 0; len <= seed.length; len++) {
                check(parser, Arrays.copyOf(seed, len));
                parsed++;
            }
            JsonNode tree = readOrNull(seed);
            for (int i = 0; i < perSeed; i++) {
                byte[] mutated = tree != null && random.nextBoolean()
                        ? swapValues(tree, random)
                        : mutateBytes(seed, random);
                check(parser, mutated);
                check(parser, wrap.apply(mutated));
                parsed += 2;
            }
        }
        return parsed;
    }

    private static void check(SourceParser parser, byte[] value) {
        Parsed p;
        try {
            p = parser.parse(value);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("threw on " + new String(value, StandardCharsets.UTF_8), e);
        }
        assertThat(p).isNotNull();
        assertThat(p.kind()).isNotNull();
        switch (p.kind()) {
            case DEAD_LETTER -> {
                assertThat(Reasons.ALL).contains(p.reason());
                assertThat(p.detail()).isNotNull();
            }
            case IGNORED -> assertThat(p.detail()).isNotBlank();
            case EVENTS -> {
                assertThat(p.events()).isNotEmpty();
                for (DeliveryEvent e : p.events()) {
                    assertThat(e.eventId()).isNotBlank();
                    assertThat(e.outcome()).isNotNull();
                    assertThat(e.provider()).isNotBlank();
                    assertThat(e.source()).isEqualTo(e.provider());
                    assertThat(e.timestamp()).isNotNegative();
                }
            }
        }
    }

    private static byte[] mutateBytes(byte[] seed, Random random) {
        List<Byte> bytes = new ArrayList<>(seed.length + 8);
        for (byte b : seed) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < edits && !bytes.isEmpty(); i++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(5)) {
                case 0 -> bytes.set(at, (byte) random.nextInt(256));
                case 1 -> bytes.add(at, PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
                case 2 -> bytes.remove(at);
                case 3 -> bytes.subList(at, bytes.size()).clear();
                default -> bytes.set(at, PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    /** The tree with a few values anywhere in it replaced by values of other types. */
    private static byte[] swapValues(JsonNode tree, Random random) {
        JsonNode copy = tree.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        collect(copy, containers);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            JsonNode parent = containers.get(random.nextInt(containers.size()));
            if (parent instanceof ObjectNode o && o.size() > 0) {
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                if (random.nextInt(4) == 0) {
                    o.remove(name);
                } else {
                    o.set(name, randomValue(random, o.get(name)));
                }
            } else if (parent instanceof ArrayNode a && a.size() > 0) {
                int at = random.nextInt(a.size());
                if (random.nextInt(4) == 0) {
                    a.remove(at);
                } else {
                    a.set(at, randomValue(random, a.get(at)));
                }
            }
        }
        try {
            return MAPPER.writeValueAsBytes(copy);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode randomValue(Random random, JsonNode old) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(14)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(random.nextBoolean());
            case 2 -> f.numberNode(random.nextLong());
            case 3 -> f.numberNode(-1.5);
            case 4 -> f.numberNode(1e300);
            case 5 -> f.numberNode(new java.math.BigDecimal("1e999"));
            case 6 -> f.textNode("");
            case 7 -> f.textNode("not-a-value @ < > . :");
            case 8 -> f.arrayNode();
            case 9 -> f.objectNode();
            case 10 -> f.arrayNode().add(old == null ? f.nullNode() : old);
            case 11 -> f.textNode(old == null ? "x" : old.toString());
            case 12 -> f.textNode("2026-13-45T99:99:99+99:99");
            default -> f.numberNode(random.nextDouble() * 1e10);
        };
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            if (node.isObject()) {
                node.properties().forEach(e -> collect(e.getValue(), containers));
            } else {
                node.forEach(child -> collect(child, containers));
            }
        }
    }

    private static JsonNode readOrNull(byte[] value) {
        try {
            JsonNode node = MAPPER.readTree(value);
            return node != null && node.isContainerNode() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
