package dev.revguard.job.source.posthog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Parsed.Kind;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.RecordJson;
import dev.revguard.job.source.Sources;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever the bytes, the parser answers with one of its three kinds and never throws: random
 * byte mutations and truncations of every fixture file. Seeded, so a failure repeats; set
 * {@code -Dfuzz.seed=...} to explore other mutations and {@code -Dfuzz.rounds=...} for more.
 */
class PostHogParserFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20260302L);
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 300);
    /** Bytes that change JSON's structure, for mutations that do more than garble a string. */
    private static final byte[] JSON_BYTES = "{}[]\":,\\ 0-.eE\u0000\n".getBytes(StandardCharsets.UTF_8);

    private final PostHogParser parser = new PostHogParser();

    static java.util.List<String> files() {
        return PostHogFixtures.files();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void mutatedRecordsAlwaysGiveOneOfTheThreeKinds(String file) {
        byte[] original = PostHogFixtures.bytes(file);
        Random random = new Random(SEED ^ file.hashCode());
        // The 2 MiB file stays too large under most mutations; a few rounds are enough for it.
        int rounds = original.length > RecordJson.MAX_RECORD_BYTES ? 10 : ROUNDS;
        for (int round = 0; round < rounds; round++) {
            byte[] mutated = mutate(original, random);
            check(file, round, mutated);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyTruncationIsUnparseableUntilTheValueIsComplete(String file) {
        byte[] original = PostHogFixtures.bytes(file);
        int end = original.length;
        while (end > 0 && Character.isWhitespace(original[end - 1])) {
            end--;
        }
        Random random = new Random(SEED ^ file.hashCode() ^ 1);
        // Every prefix of the small files; a random sample of the large ones, a small one of the huge one.
        int cuts = original.length > RecordJson.MAX_RECORD_BYTES ? 40 : Math.min(end, 2_000);
        for (int i = 0; i < cuts; i++) {
            int length = end <= 2_000 ? i : random.nextInt(end);
            Parsed r = check(file, i, Arrays.copyOf(original, length));
            String expected = length > RecordJson.MAX_RECORD_BYTES ? Reasons.TOO_LARGE : Reasons.UNPARSEABLE_JSON;
            assertThat(r.reason()).as("%s cut to %d bytes", file, length).isEqualTo(expected);
        }
    }

    private Parsed check(String file, int round, byte[] value) {
        Parsed r;
        try {
            r = parser.parse(value);
        } catch (Throwable t) {
            throw new AssertionError("%s round %d (seed %d) threw on %s".formatted(file, round, SEED, show(value)), t);
        }
        if (r == null || r.kind() == null) {
            fail("%s round %d (seed %d): no kind for %s", file, round, SEED, show(value));
        }
        switch (r.kind()) {
            case EVENTS -> {
                assertThat(r.events()).isNotEmpty();
                for (DeliveryEvent e : r.events()) {
                    assertThat(e.eventId()).isNotBlank();
                    assertThat(e.outcome()).isNotNull();
                    assertThat(e.source()).isEqualTo(Sources.POSTHOG);
                }
            }
            case IGNORED -> assertThat(r.events()).isEmpty();
            case DECISION -> {
                assertThat(r.events()).isEmpty();
                assertThat(r.decision().decisionId()).isNotBlank();
                assertThat(r.decision().outcomesJson()).startsWith("[");
            }
            case DEAD_LETTER -> {
                assertThat(r.events()).isEmpty();
                assertThat(Reasons.ALL).contains(r.reason());
            }
        }
        assertThat(r.kind()).isIn(Kind.EVENTS, Kind.DECISION, Kind.IGNORED, Kind.DEAD_LETTER);
        return r;
    }

    /** One to four edits: flip, replace, insert or delete bytes, duplicate or cut a stretch. */
    private static byte[] mutate(byte[] value, Random random) {
        byte[] v = value;
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = v.length == 0 ? 0 : random.nextInt(v.length);
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (v.length > 0) {
                        v = v.clone();
                        v[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    if (v.length > 0) {
                        v = v.clone();
                        v[at] = random.nextBoolean() ? JSON_BYTES[random.nextInt(JSON_BYTES.length)]
                                : (byte) random.nextInt(256);
                    }
                }
                case 2 -> v = splice(v, at, 0, new byte[] {JSON_BYTES[random.nextInt(JSON_BYTES.length)]});
                case 3 -> v = splice(v, at, Math.min(v.length - at, 1 + random.nextInt(16)), new byte[0]);
                case 4 -> {
                    int len = Math.min(v.length - at, 1 + random.nextInt(64));
                    v = splice(v, at, 0, Arrays.copyOfRange(v, at, at + len));
                }
                default -> v = Arrays.copyOf(v, at);
            }
        }
        return v;
    }

    private static byte[] splice(byte[] v, int at, int remove, byte[] insert) {
        byte[] out = new byte[v.length - remove + insert.length];
        System.arraycopy(v, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(v, at + remove, out, at + insert.length, v.length - at - remove);
        return out;
    }

    private static String show(byte[] value) {
        byte[] head = value.length > 4096 ? Arrays.copyOf(value, 4096) : value;
        return value.length + " bytes, base64 " + Base64.getEncoder().encodeToString(head);
    }
}
