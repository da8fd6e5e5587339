package dev.revguard.job.source;

import java.util.Locale;

/** Provider message ids as the cross-source dedup and the IP attribution compare them. */
public final class MessageIds {
    private MessageIds() {}

    /** Without surrounding angle brackets or blanks, in lower case; null for none or blank. */
    public static String normalise(String id) {
        if (id == null) {
            return null;
        }
        String s = id.strip();
        if (s.startsWith("<")) {
            s = s.substring(1);
        }
        if (s.endsWith(">")) {
            s = s.substring(0, s.length() - 1);
        }
        s = s.strip();
        return s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
    }
}
