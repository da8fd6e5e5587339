package dev.revguard.job.window;

/** One string per (dimension, value), cheap to hash and serialize as a Flink key. */
public final class DimensionKey {
    private static final char SEPARATOR = '\u001f';

    private DimensionKey() {}

    public static String of(String dimension, String value) {
        return dimension + SEPARATOR + value;
    }

    public static String dimension(String key) {
        return key.substring(0, key.indexOf(SEPARATOR));
    }

    public static String value(String key) {
        return key.substring(key.indexOf(SEPARATOR) + 1);
    }
}
