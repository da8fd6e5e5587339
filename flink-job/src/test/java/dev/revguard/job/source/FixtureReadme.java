package dev.revguard.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The provider fixtures and the expected results their README states, read from the README
 * itself (a byte-identical copy of {@code shared/fixtures/README.md}), so the tests assert exactly
 * the contract and cannot drift from it.
 */
public final class FixtureReadme {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern FILE_CELL = Pattern.compile("`([a-z]+)/([^`]+)`(?: \\[(\\d+)])?");
    private static final Pattern DEAD_LETTER = Pattern.compile("dead letter `([a-z_]+)`(?: \\((.*)\\))?");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern DUPLICATE = Pattern.compile("duplicate of (?:\\[(\\d+)]|([^:]+)): counted once");
    private static final String ABSENT = "—";

    private FixtureReadme() {}

    /** What the README expects of one outcome record (or of the one ignored or dead-lettered record). */
    public record Expected(
            Parsed.Kind kind,
            String status,
            String reason,
            List<String> detailTerms,
            String dedupId,
            String accountId,
            String sendingDomain,
            String sendingIp,
            String recipientDomain,
            Long eventTime,
            boolean duplicate) {}

    /** One table row: a file (and element of {@code batch.json}) and its expected results with and without a signing key. */
    public record Row(String provider, String file, Integer element, String event, Expected withKey, Expected withoutKey) {
        public String name() {
            return provider + "/" + file + (element == null ? "" : " [" + element + "]");
        }
    }

    /** One record value and every row the README gives it (one per SES recipient). */
    public record Case(String name, String file, byte[] value, List<Row> rows) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static Path fixtures() {
        try {
            return Path.of(FixtureReadme.class.getResource("/fixtures/README.md").toURI()).getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixtures/README.md is not on the test class path", e);
        }
    }

    public static List<String> readmeLines() {
        try {
            return Files.readAllLines(fixtures().resolve("README.md"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The provider's table rows, in README order. */
    public static List<Row> rows(String provider) {
        List<String[]> raw = new ArrayList<>();
        for (String line : readmeLines()) {
            if (line.startsWith("| `" + provider + "/")) {
                String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
                        .map(String::strip).toArray(String[]::new);
                assertThat(cells).as("columns of %s", line).hasSize(9);
                raw.add(cells);
            }
        }
        Map<String, String[]> byName = new HashMap<>();
        for (String[] cells : raw) {
            Matcher f = fileCell(cells[0]);
            byName.putIfAbsent(f.group(2) + (f.group(3) == null ? "" : "[" + f.group(3) + "]"), cells);
        }
        List<Row> rows = new ArrayList<>();
        for (String[] cells : raw) {
            Matcher f = fileCell(cells[0]);
            Integer element = f.group(3) == null ? null : Integer.valueOf(f.group(3));
            String outcome = cells[2];
            String withKeyText = outcome;
            String withoutKeyText = outcome;
            int conditional = outcome.indexOf(" when the signing key is configured, else ");
            if (conditional >= 0) {
                withKeyText = outcome.substring(0, conditional);
                withoutKeyText = outcome.substring(conditional + " when the signing key is configured, else ".length());
            }
            rows.add(new Row(provider, f.group(2), element, cells[1],
                    expected(withKeyText, cells, f, byName), expected(withoutKeyText, cells, f, byName)));
        }
        return rows;
    }

    /** Every record value of the provider (each element of {@code batch.json}) with its rows. */
    public static List<Case> cases(String provider) {
        Map<String, List<Row>> grouped = new LinkedHashMap<>();
        for (Row row : rows(provider)) {
            grouped.computeIfAbsent(row.name(), k -> new ArrayList<>()).add(row);
        }
        List<Case> cases = new ArrayList<>();
        for (List<Row> rows : grouped.values()) {
            Row first = rows.get(0);
            byte[] file = read(provider, first.file());
            cases.add(new Case(first.name(), first.file(),
                    first.element() == null ? file : element(file, first.element()), List.copyOf(rows)));
        }
        return cases;
    }

    public static Stream<Case> caseStream(String provider) {
        return cases(provider).stream();
    }

    /** The counts of the "Expected totals" table, by its column names. */
    public static Map<String, Long> totals(String provider) {
        List<String> lines = readmeLines();
        String[] header = null;
        for (String line : lines) {
            String[] cells = line.startsWith("|")
                    ? Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::strip).toArray(String[]::new)
                    : new String[0];
            if (cells.length > 1 && cells[0].equals("provider") && cells[1].equals("sent")) {
                header = cells;
            } else if (header != null && cells.length == header.length && cells[0].equals(provider)) {
                Map<String, Long> totals = new LinkedHashMap<>();
                for (int i = 1; i < cells.length; i++) {
                    totals.put(header[i], Long.valueOf(cells[i]));
                }
                return totals;
            }
        }
        throw new AssertionError("no expected totals for " + provider);
    }

    /** The files in the provider's fixture folder, by name. */
    public static Set<String> files(String provider) {
        try (Stream<Path> files = Files.list(fixtures().resolve(provider))) {
            Set<String> names = new TreeSet<>();
            files.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(String provider, String file) {
        try {
            return Files.readAllBytes(fixtures().resolve(provider).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Element n of a JSON array file, as the intake writes it: one record value per element. */
    public static byte[] element(byte[] arrayFile, int n) {
        try {
            JsonNode array = MAPPER.readTree(arrayFile);
            assertThat(array.isArray()).isTrue();
            assertThat(n).isLessThan(array.size());
            return MAPPER.writeValueAsBytes(array.get(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int arraySize(byte[] arrayFile) {
        try {
            return MAPPER.readTree(arrayFile).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that a parse result is what the rows of its record expect: kind, outcome, dedup id,
     * every dimension (null where the README shows the event is counted under {@code unknown}),
     * provider and source, event time, or the dead-letter reason and the fields its detail names.
     */
    public static void assertMatches(Parsed actual, List<Row> rows, boolean keyConfigured) {
        String provider = rows.get(0).provider();
        String name = rows.get(0).name();
        List<Expected> expected = rows.stream().map(r -> keyConfigured ? r.withKey() : r.withoutKey()).toList();
        Expected first = expected.get(0);
        assertThat(actual).as(name).isNotNull();
        assertThat(actual.kind()).as("%s: kind (%s)", name, actual).isEqualTo(first.kind());
        switch (first.kind()) {
            case DEAD_LETTER -> {
                assertThat(expected).as(name).hasSize(1);
                assertThat(actual.reason()).as("%s: reason (%s)", name, actual.detail()).isEqualTo(first.reason());
                assertThat(actual.detail()).as("%s: detail", name).isNotBlank();
                int at = -1;
                for (String term : first.detailTerms()) {
                    assertThat(actual.detail()).as("%s: detail names %s", name, term).contains(term);
                    assertThat(actual.detail().indexOf(term, at + 1)).as("%s: detail names %s in order", name, term)
                            .isGreaterThan(at);
                    at = actual.detail().indexOf(term, at + 1);
                }
                assertThat(actual.events()).isEmpty();
            }
            case IGNORED -> {
                assertThat(expected).as(name).hasSize(1);
                assertThat(actual.detail()).as("%s: the ignored event type", name).isNotBlank();
                assertThat(rows.get(0).event()).as("%s: README event names the ignored type", name)
                        .contains(actual.detail());
                assertThat(actual.events()).isEmpty();
            }
            case EVENTS -> {
                assertThat(actual.events()).as("%s: one outcome per row", name).hasSize(expected.size());
                for (int i = 0; i < expected.size(); i++) {
                    Expected e = expected.get(i);
                    DeliveryEvent d = actual.events().get(i);
                    String what = name + " #" + i;
                    assertThat(d.outcome().status()).as("%s: outcome", what).isEqualTo(e.status());
                    assertThat(d.eventId()).as("%s: dedup id", what).isEqualTo(e.dedupId());
                    assertThat(d.timestamp()).as("%s: event time %s", what, Instant.ofEpochMilli(d.timestamp()))
                            .isEqualTo(e.eventTime());
                    assertThat(d.accountId()).as("%s: account", what).isEqualTo(e.accountId());
                    assertThat(d.sendingDomain()).as("%s: sending domain", what).isEqualTo(e.sendingDomain());
                    assertThat(d.sendingIp()).as("%s: sending IP", what).isEqualTo(e.sendingIp());
                    assertThat(d.recipientDomain()).as("%s: recipient domain", what).isEqualTo(e.recipientDomain());
                    assertThat(d.provider()).as("%s: provider", what).isEqualTo(provider);
                    assertThat(d.source()).as("%s: source", what).isEqualTo(provider);
                    assertThat(d.dedupKey()).isEqualTo(provider + ":" + e.dedupId());
                }
            }
        }
    }

    /**
     * Feeds every record once, deduplicating by {@link DeliveryEvent#dedupKey()} as the job does,
     * and counts the results under the column names of the totals table.
     */
    public static Map<String, Long> count(SourceParser parser, List<Case> cases) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String column : List.of("sent", "delivered", "bounced", "soft_bounced", "deferred", "dropped",
                "spam_complaint", "ignored", "duplicates", "dead letters")) {
            counts.put(column, 0L);
        }
        Set<String> seen = new HashSet<>();
        for (Case c : cases) {
            Parsed p = parser.parse(c.value());
            switch (p.kind()) {
                case IGNORED -> counts.merge("ignored", 1L, Long::sum);
                case DEAD_LETTER -> counts.merge("dead letters", 1L, Long::sum);
                case EVENTS -> p.events().forEach(e -> counts.merge(
                        seen.add(e.dedupKey()) ? e.outcome().status() : "duplicates", 1L, Long::sum));
            }
        }
        return counts;
    }

    private static Matcher fileCell(String cell) {
        Matcher f = FILE_CELL.matcher(cell);
        if (!f.matches()) {
            throw new AssertionError("not a fixture file cell: " + cell);
        }
        return f;
    }

    private static Expected expected(String outcome, String[] cells, Matcher file, Map<String, String[]> byName) {
        Matcher dl = DEAD_LETTER.matcher(outcome);
        if (dl.matches()) {
            List<String> terms = new ArrayList<>();
            String note = dl.group(2);
            if (note != null) {
                Matcher quoted = BACKTICKED.matcher(note);
                while (quoted.find()) {
                    terms.add(quoted.group(1));
                }
                if (terms.isEmpty()) {
                    Arrays.stream(note.split(",")).map(String::strip).forEach(terms::add);
                }
            }
            return new Expected(Parsed.Kind.DEAD_LETTER, null, dl.group(1), List.copyOf(terms),
                    null, null, null, null, null, null, false);
        }
        if (outcome.equals("ignored")) {
            return new Expected(Parsed.Kind.IGNORED, null, null, List.of(), null, null, null, null, null, null, false);
        }
        String status = outcome;
        boolean duplicate = false;
        Matcher dup = DUPLICATE.matcher(outcome);
        if (dup.matches()) {
            String original = dup.group(1) != null ? file.group(2) + "[" + dup.group(1) + "]" : dup.group(2).strip();
            String[] of = byName.get(original);
            if (of == null) {
                throw new AssertionError("duplicate of an unknown row: " + outcome);
            }
            assertThat(dimension(of[3])).as("a duplicate shares its original's dedup id").isEqualTo(dimension(cells[3]));
            status = of[2];
            duplicate = true;
        }
        int space = status.indexOf(' ');
        status = space < 0 ? status : status.substring(0, space);
        assertThat(Outcome.fromStatus(status)).as("an outcome: %s", outcome).isNotNull();
        return new Expected(Parsed.Kind.EVENTS, status, null, List.of(), dimension(cells[3]), dimension(cells[4]),
                dimension(cells[5]), dimension(cells[6]), dimension(cells[7]),
                Instant.parse(cells[8]).toEpochMilli(), duplicate);
    }

    private static String dimension(String cell) {
        if (cell.equals(ABSENT)) {
            return null;
        }
        return cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1) : cell;
    }
}
