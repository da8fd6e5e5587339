package dev.revguard.job.it;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mutates seed records (the fixtures) into broken ones, deterministically from a seed: bit flips, truncation,
 * every field of every seed given a value of the wrong type, deep nesting, records around and far over the
 * 1 MiB limit, invalid UTF-8, NUL characters, and (for {@code provider-events}) record keys naming no provider.
 */
final class Fuzzer {
    enum Mutation { BYTE_FLIP, TRUNCATION, WRONG_TYPE, DEEP_NESTING, LARGE, INVALID_UTF8, NUL, KEY }

    /** One seed: its record key (null on {@code posthog-events}) and value. */
    record Seed(String key, byte[] value) {}

    /** One fuzzed record and what was done to it. */
    record Fuzzed(Mutation mutation, byte[] key, byte[] value, String what) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** A placeholder no fixture holds, replaced in the serialized record. */
    private static final String MARK = "\uE000fuzz\uE000";
    private static final byte[][] INVALID_UTF8 = {
            {(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFE, (byte) 0xFF}};
    private static final int[] DEPTHS = {2, 100, 998, 999, 1000, 1001, 5000, 100_000};
    private static final int MIB = 1 << 20;
    /** Sizes of one string field: over PostgreSQL's index row limit, large, and records around the 1 MiB limit. */
    private static final int[] LARGE_FIELDS = {3000, 100_000};
    private static final int[] LARGE_RECORDS = {MIB - 1, MIB, MIB + 1, 2 * MIB};

    /** Fields holding the ids duplicates share (event ids, message ids), in every source's shape. */
    private static final java.util.Set<String> ID_FIELDS = java.util.Set.of("uuid", "sg_event_id", "sg_message_id", "id",
            "message-id", "message_id", "messageId", "MessageId", "feedbackId");

    private final Random random;
    private int wrongTypeTurn;
    private int serial;

    Fuzzer(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Every field of every seed with a value of the wrong type, then {@code perKind} records of every other
     * mutation (keys only when {@code keyed}), seeds taken in turn.
     */
    List<Fuzzed> fuzz(List<Seed> seeds, int perKind, boolean keyed) throws Exception {
        List<Fuzzed> out = new ArrayList<>();
        for (Seed s : seeds) {
            if (tree(s.value()) == null) continue;
            for (JsonPointer p : paths(tree(s.value()))) {
                Seed u = unique(s);
                out.add(wrongType(u, tree(u.value()), p));
            }
        }
        int turn = 0;
        for (Mutation m : Mutation.values()) {
            if (m == Mutation.WRONG_TYPE || (m == Mutation.KEY && !keyed)) continue;
            for (int i = 0; i < perKind; i++) {
                Seed s = unique(seeds.get(turn++ % seeds.size()));
                out.add(switch (m) {
                    case BYTE_FLIP -> byteFlip(s);
                    case TRUNCATION -> truncation(s);
                    case DEEP_NESTING -> deepNesting(s, i);
                    case LARGE -> large(s, i);
                    case INVALID_UTF8 -> invalidUtf8(s, i);
                    case NUL -> nul(s, i);
                    case KEY -> key(s, i);
                    case WRONG_TYPE -> throw new AssertionError();
                });
            }
        }
        return out;
    }

    private Fuzzed byteFlip(Seed s) {
        byte[] v = s.value().clone();
        int flips = 1 + random.nextInt(4);
        StringBuilder what = new StringBuilder();
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(v.length);
            int bit = random.nextInt(8);
            v[at] ^= (byte) (1 << bit);
            what.append(i == 0 ? "" : ",").append(at).append(':').append(bit);
        }
        return new Fuzzed(Mutation.BYTE_FLIP, key(s), v, "bits " + what);
    }

    private Fuzzed truncation(Seed s) {
        int length = random.nextInt(s.value().length);
        return new Fuzzed(Mutation.TRUNCATION, key(s), Arrays.copyOf(s.value(), length), "cut at " + length);
    }

    private Fuzzed wrongType(Seed s, JsonNode tree, JsonPointer p) throws Exception {
        JsonNode original = tree.at(p);
        List<JsonNode> wrong = wrongValues(original);
        JsonNode replacement = wrong.get(wrongTypeTurn++ % wrong.size());
        JsonNode copy = tree.deepCopy();
        set(copy, p, replacement);
        return new Fuzzed(Mutation.WRONG_TYPE, key(s), JSON.writeValueAsBytes(copy), p + " = " + abbreviate(replacement.toString()));
    }

    /** Values of other JSON types than {@code v}'s (and numbers no field holds). */
    private static List<JsonNode> wrongValues(JsonNode v) {
        List<JsonNode> w = new ArrayList<>();
        if (!v.isTextual()) {
            w.add(NODES.textNode("x"));
            w.add(NODES.textNode(""));
        }
        if (!v.isNumber()) {
            w.add(NODES.numberNode(42));
            w.add(NODES.numberNode(-1.5e308));
        }
        w.add(NODES.numberNode(new BigInteger("123456789012345678901234567890")));
        w.add(NODES.numberNode(Double.MAX_VALUE));
        if (!v.isBoolean()) w.add(NODES.booleanNode(true));
        if (!v.isNull()) w.add(NODES.nullNode());
        if (!v.isArray()) {
            w.add(NODES.arrayNode());
            w.add(NODES.arrayNode().add(v.deepCopy()));
        }
        if (!v.isObject()) {
            w.add(NODES.objectNode());
            w.add(NODES.objectNode().set("value", v.deepCopy()));
        }
        return w;
    }

    private Fuzzed deepNesting(Seed s, int i) throws Exception {
        int depth = DEPTHS[i % DEPTHS.length];
        boolean arrays = (i / DEPTHS.length) % 2 == 0;
        String nest = (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
        JsonNode tree = tree(s.value());
        if (tree == null || (i / DEPTHS.length) % 3 == 2) {
            // the whole record nested
            byte[] v = (nest.substring(0, nest.indexOf('1')) + new String(s.value(), StandardCharsets.UTF_8)
                    + nest.substring(nest.indexOf('1') + 1)).getBytes(StandardCharsets.UTF_8);
            return new Fuzzed(Mutation.DEEP_NESTING, key(s), v, "record in " + depth + (arrays ? " arrays" : " objects"));
        }
        JsonPointer p = randomPath(tree);
        return new Fuzzed(Mutation.DEEP_NESTING, key(s), replaceMark(tree, p, nest.getBytes(StandardCharsets.UTF_8)),
                p + " nested " + depth + (arrays ? " arrays" : " objects") + " deep");
    }

    private Fuzzed large(Seed s, int i) throws Exception {
        JsonNode tree = tree(s.value());
        int kinds = LARGE_FIELDS.length + LARGE_RECORDS.length;
        int k = i % kinds;
        JsonPointer p = tree == null ? null : randomStringPath(tree);
        if (p == null) {
            byte[] v = Arrays.copyOf(s.value(), 2 * MIB);
            Arrays.fill(v, s.value().length, v.length, (byte) ' ');
            return new Fuzzed(Mutation.LARGE, key(s), v, "record padded with blanks to 2 MiB");
        }
        String original = tree.at(p).textValue();
        if (k < LARGE_FIELDS.length) {
            byte[] fill = (original + "x".repeat(LARGE_FIELDS[k])).getBytes(StandardCharsets.UTF_8);
            return new Fuzzed(Mutation.LARGE, key(s), replaceMark(tree, p, quoted(fill)),
                    p + " + " + LARGE_FIELDS[k] + " characters");
        }
        int target = LARGE_RECORDS[k - LARGE_FIELDS.length];
        byte[] without = replaceMark(tree, p, quoted(original.getBytes(StandardCharsets.UTF_8)));
        int pad = Math.max(0, target - without.length);
        byte[] fill = (original + "x".repeat(pad)).getBytes(StandardCharsets.UTF_8);
        byte[] v = replaceMark(tree, p, quoted(fill));
        return new Fuzzed(Mutation.LARGE, key(s), v, p + " padded: record of " + v.length + " bytes");
    }

    private Fuzzed invalidUtf8(Seed s, int i) throws Exception {
        byte[] bad = INVALID_UTF8[i % INVALID_UTF8.length];
        JsonNode tree = tree(s.value());
        JsonPointer p = tree == null || i % 3 == 2 ? null : randomStringPath(tree);
        if (p == null) {
            int at = random.nextInt(s.value().length + 1);
            return new Fuzzed(Mutation.INVALID_UTF8, key(s), insert(s.value(), at, bad), hex(bad) + " at byte " + at);
        }
        String original = tree.at(p).textValue();
        int at = random.nextInt(original.length() + 1);
        byte[] value = concat(escaped(original.substring(0, at)), bad, escaped(original.substring(at)));
        return new Fuzzed(Mutation.INVALID_UTF8, key(s), replaceMark(tree, p, concat("\"".getBytes(), value, "\"".getBytes())),
                hex(bad) + " in " + p);
    }

    private Fuzzed nul(Seed s, int i) throws Exception {
        JsonNode tree = tree(s.value());
        JsonPointer p = tree == null || i % 4 == 3 ? null : randomStringPath(tree);
        if (p == null) {
            int at = random.nextInt(s.value().length + 1);
            return new Fuzzed(Mutation.NUL, key(s), insert(s.value(), at, new byte[] {0}), "raw NUL byte at " + at);
        }
        String original = tree.at(p).textValue();
        int at = random.nextInt(original.length() + 1);
        JsonNode copy = tree.deepCopy();
        set(copy, p, NODES.textNode(original.substring(0, at) + '\u0000' + original.substring(at)));
        return new Fuzzed(Mutation.NUL, key(s), JSON.writeValueAsBytes(copy), "\\u0000 in " + p);
    }

    private Fuzzed key(Seed s, int i) {
        String provider = s.key() == null ? "sendgrid" : s.key();
        byte[][] keys = {
                null, new byte[0], provider.toUpperCase().getBytes(StandardCharsets.UTF_8),
                (provider + ":").getBytes(StandardCharsets.UTF_8), (provider + ":evt-" + i).getBytes(StandardCharsets.UTF_8),
                (" " + provider).getBytes(StandardCharsets.UTF_8), (provider + "\u0000").getBytes(StandardCharsets.UTF_8),
                concat(provider.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF}),
                "postmark".getBytes(StandardCharsets.UTF_8), (provider + "x:1").getBytes(StandardCharsets.UTF_8)};
        byte[] k = keys[i % keys.length];
        return new Fuzzed(Mutation.KEY, k, s.value(), "key " + (k == null ? "(none)" : "'" + new String(k, StandardCharsets.UTF_8) + "'"));
    }

    /**
     * The seed with a suffix of its own on every id (also inside JSON held in a string: PostHog's string
     * properties, an SNS envelope's message), so that each fuzzed record is a new event, not a duplicate that
     * the job drops before it reaches a table.
     */
    private Seed unique(Seed s) throws Exception {
        JsonNode tree = tree(s.value());
        if (tree == null) return s;
        String suffix = "-f" + serial++;
        renameIds(tree, suffix);
        return new Seed(s.key(), JSON.writeValueAsBytes(tree));
    }

    private static void renameIds(JsonNode node, String suffix) throws Exception {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                if (v.isTextual() && ID_FIELDS.contains(f.getKey())) {
                    String t = v.textValue();
                    // keep a message id's form: <local@domain> stays one
                    int at = t.indexOf('@');
                    f.setValue(NODES.textNode(at > 0 ? t.substring(0, at) + suffix + t.substring(at) : t + suffix));
                } else if (v.isTextual() && v.textValue().startsWith("{")) {
                    JsonNode embedded = tree(v.textValue().getBytes(StandardCharsets.UTF_8));
                    if (embedded != null) {
                        renameIds(embedded, suffix);
                        f.setValue(NODES.textNode(JSON.writeValueAsString(embedded)));
                    }
                } else {
                    renameIds(v, suffix);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode e : node) renameIds(e, suffix);
        }
    }

    // ---- helpers ----

    private static byte[] key(Seed s) {
        return s.key() == null ? null : s.key().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(byte[] value) {
        try {
            JsonNode n = JSON.readTree(value);
            return n != null && n.isContainerNode() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Every field and element of the tree, depth first. */
    private static List<JsonPointer> paths(JsonNode tree) {
        List<JsonPointer> out = new ArrayList<>();
        collect(tree, JsonPointer.empty(), out);
        return out;
    }

    private static void collect(JsonNode node, JsonPointer at, List<JsonPointer> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonPointer p = at.appendProperty(f.getKey());
                out.add(p);
                collect(f.getValue(), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonPointer p = at.appendIndex(i);
                out.add(p);
                collect(node.get(i), p, out);
            }
        }
    }

    private JsonPointer randomPath(JsonNode tree) {
        List<JsonPointer> all = paths(tree);
        return all.get(random.nextInt(all.size()));
    }

    private JsonPointer randomStringPath(JsonNode tree) {
        List<JsonPointer> strings = paths(tree).stream().filter(p -> tree.at(p).isTextual()).toList();
        return strings.isEmpty() ? null : strings.get(random.nextInt(strings.size()));
    }

    private static void set(JsonNode root, JsonPointer p, JsonNode value) {
        JsonNode parent = root.at(p.head());
        String last = p.last().getMatchingProperty();
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else {
            ((ArrayNode) parent).set(p.last().getMatchingIndex(), value);
        }
    }

    /** The tree with the value at {@code p} replaced by {@code raw} bytes, written as they are. */
    private static byte[] replaceMark(JsonNode tree, JsonPointer p, byte[] raw) throws Exception {
        JsonNode copy = tree.deepCopy();
        set(copy, p, NODES.textNode(MARK));
        byte[] serialized = JSON.writeValueAsBytes(copy);
        byte[] mark = ("\"" + MARK + "\"").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(serialized, mark);
        return concat(Arrays.copyOf(serialized, at), raw, Arrays.copyOfRange(serialized, at + mark.length, serialized.length));
    }

    /** A JSON string literal of the text in {@code utf8}. */
    private static byte[] quoted(byte[] utf8) throws Exception {
        return JSON.writeValueAsBytes(new String(utf8, StandardCharsets.UTF_8));
    }

    /** The inside of a JSON string literal (no quotes) of {@code text}. */
    private static byte[] escaped(String text) throws Exception {
        byte[] q = JSON.writeValueAsBytes(text);
        return Arrays.copyOfRange(q, 1, q.length - 1);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        throw new IllegalStateException("placeholder not found");
    }

    private static byte[] insert(byte[] v, int at, byte[] bytes) {
        return concat(Arrays.copyOf(v, at), bytes, Arrays.copyOfRange(v, at, v.length));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(String.format("%02X", x & 0xFF));
        return s.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
