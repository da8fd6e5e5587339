package dev.revguard.job.tools.generate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;

/** Identifiers and times in the forms the providers write them, drawn from the run's seeded random. */
final class Ids {
    private Ids() {}

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** Unpadded base64url of {@code bytes} random bytes: 16 bytes give the 22 characters of an sg_event_id. */
    static String base64Url(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hex(Random random, int chars) {
        char[] c = new char[chars];
        for (int i = 0; i < chars; i++) {
            c[i] = HEX[random.nextInt(16)];
        }
        return new String(c);
    }

    static String lowerAlnum(Random random, int chars) {
        char[] c = new char[chars];
        for (int i = 0; i < chars; i++) {
            c[i] = LOWER_ALNUM[random.nextInt(LOWER_ALNUM.length)];
        }
        return new String(c);
    }

    /** A random (version 4) UUID. */
    static UUID uuid(Random random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** A time-ordered (version 7) UUID, as PostHog gives its events. */
    static UUID uuidV7(long millis, Random random) {
        long msb = (millis << 16) | 0x7000L | (random.nextInt(0x1000));
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** ISO-8601 in UTC with exactly three fractional digits, as SES and PostHog write times. */
    static String isoMillis(long millis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(millis));
    }
}
