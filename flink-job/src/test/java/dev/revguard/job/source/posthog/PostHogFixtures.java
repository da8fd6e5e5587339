package dev.revguard.job.source.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fixture files of {@code fixtures/posthog/} and the {@code posthog-events} records they are:
 * a file is one record value, except the intake bodies the intake splits ({@code intake-array.json}
 * into its elements, {@code intake-batch.json} into {@code batch}), named {@code file[n]} as the
 * README names them.
 */
final class PostHogFixtures {
    private PostHogFixtures() {}

    static final Path DIR = resource("fixtures/posthog");
    /** The bodies the intake splits; every other file is one record as it is. */
    static final List<String> SPLIT_BY_THE_INTAKE = List.of("intake-array.json", "intake-batch.json");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every fixture file's name (the README is not one). */
    static List<String> files() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records a file becomes on {@code posthog-events}, by name, in order. */
    static Map<String, byte[]> records(String file) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        if (!SPLIT_BY_THE_INTAKE.contains(file)) {
            records.put(file, bytes(file));
            return records;
        }
        JsonNode body = tree(bytes(file));
        JsonNode events = body.isArray() ? body : body.get("batch");
        for (int i = 0; i < events.size(); i++) {
            records.put(file + "[" + i + "]", write(events.get(i)));
        }
        return records;
    }

    /** Every record of every file, by name. */
    static Map<String, byte[]> allRecords() {
        Map<String, byte[]> all = new LinkedHashMap<>();
        files().forEach(f -> all.putAll(records(f)));
        return all;
    }

    static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(PostHogFixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
