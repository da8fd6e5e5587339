package dev.revguard.job.tools.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The fixtures (copied from ../shared/fixtures into the test resources) and the field sets of their JSON. */
final class Fixtures {
    private Fixtures() {}

    static Path dir() {
        String override = System.getProperty("revguard.fixtures");
        if (override != null) {
            return Path.of(override);
        }
        try {
            return Path.of(Fixtures.class.getResource("/fixtures").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String file) throws IOException {
        return Json.MAPPER.readTree(Files.readString(dir().resolve(file)));
    }

    /**
     * Every field path of a JSON value ({@code mail.tags.ses:from-domain}): objects' names joined
     * by dots, arrays looked through (their elements' fields belong to the array's path), so a
     * string and an array of strings give the same path. Children of {@code skip} paths (custom data
     * such as Mailgun's user-variables) are left out.
     */
    static Set<String> paths(JsonNode node, String... skip) {
        Set<String> out = new TreeSet<>();
        collect(node, "", out, Set.of(skip));
        return out;
    }

    private static void collect(JsonNode node, String prefix, Set<String> out, Set<String> skip) {
        if (skip.contains(prefix)) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                String p = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
                out.add(p);
                collect(f.getValue(), p, out, skip);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, prefix, out, skip);
            }
        }
    }
}
