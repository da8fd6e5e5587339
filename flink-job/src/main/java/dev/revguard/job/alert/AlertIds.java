package dev.revguard.job.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Ids derived from what they name, so that recomputing an alert gives the same ids. */
public final class AlertIds {
    private AlertIds() {}

    /** The alert of a dimension value's incident that started at {@code startedAt} (event time). */
    public static String alertId(String dimension, String value, long startedAt) {
        return "alr_" + sha256(dimension + '\u001f' + value + '\u001f' + startedAt).substring(0, 20);
    }

    /** The webhook id of the {@code seq}-th notification of an alert. */
    public static String webhookId(String alertId, int seq) {
        return "msg_" + sha256(alertId + '\u001f' + seq).substring(0, 24);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
