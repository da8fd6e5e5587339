package dev.revguard.job.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/** What an answer means for a delivery, and when to try again. */
public final class RetryPolicy {
    public enum Outcome { DELIVERED, RETRY, DISABLE_TARGET, GIVE_UP }

    private final Duration initial;
    private final Duration max;

    public RetryPolicy(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** 2xx delivered; 410 disables the target; 429, 5xx and no answer retry; other answers give up. */
    public static Outcome classify(Integer status) {
        if (status == null) return Outcome.RETRY;
        if (status >= 200 && status < 300) return Outcome.DELIVERED;
        if (status == 410) return Outcome.DISABLE_TARGET;
        if (status == 429 || status >= 500) return Outcome.RETRY;
        return Outcome.GIVE_UP;
    }

    /**
     * Delay before attempt {@code attempt + 1}: exponential from the initial delay, capped, with
     * "equal jitter" (half fixed, half random) so that many receivers do not retry in step; at least
     * what the receiver asked for in Retry-After.
     */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        long base = initial.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(base, 1), max.toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        long wanted = retryAfter == null ? 0 : retryAfter.toMillis();
        return Duration.ofMillis(Math.max(jittered, wanted));
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    public static Duration parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) return null;
        String h = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(h)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
