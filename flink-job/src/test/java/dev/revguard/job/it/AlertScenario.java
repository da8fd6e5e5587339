package dev.revguard.job.it;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Traffic in which one sending domain degrades minute by minute while the rest of the account's
 * traffic stays healthy, so that only {@code sending_domain=mail.degrading.example} alerts. Each
 * minute the domain sends 200 messages, of which {@code bouncesPerMinute[m]} bounce.
 */
final class AlertScenario {
    static final long MINUTE = 60_000;
    static final long T0 = Instant.parse("2026-11-20T08:00:00Z").toEpochMilli();
    static final String DOMAIN = "mail.degrading.example";

    /** healthy 1 %, then monitor 6 %, warning 12 %, critical 20 %, healthy again; the 40 s clock event ends it. */
    static int[] degradeAndRecover() {
        int[] b = new int[26];
        for (int m = 0; m < b.length; m++) {
            b[m] = m < 3 ? 2 : m < 8 ? 12 : m < 13 ? 24 : m < 18 ? 40 : 2;
        }
        return b;
    }

    /** healthy 1 %, then monitor, warning and critical, and it stays critical: nobody fixes it. */
    static int[] degradeAndStay() {
        int[] b = new int[18];
        System.arraycopy(degradeAndRecover(), 0, b, 0, b.length);
        return b;
    }

    /** Alternates between 1 % and 6 % every minute: a rate hovering on the monitor line. */
    static int[] hovering() {
        int[] b = new int[20];
        for (int m = 0; m < b.length; m++) {
            b[m] = m % 2 == 0 ? 2 : 12;
        }
        return b;
    }

    static List<Scenario.Record> records(int[] bouncesPerMinute, int healthyPerMinute) {
        return records(bouncesPerMinute, healthyPerMinute, 0, "");
    }

    /** The same traffic from minute {@code firstMinute} after {@link #T0} on, its event ids prefixed by {@code idPrefix}. */
    static List<Scenario.Record> records(int[] bouncesPerMinute, int healthyPerMinute, int firstMinute, String idPrefix) {
        List<Scenario.Record> out = new ArrayList<>();
        int n = 0;
        long t0 = T0 + firstMinute * MINUTE;
        for (int m = 0; m < bouncesPerMinute.length; m++) {
            for (int i = 0; i < 200; i++) {
                long ts = t0 + m * MINUTE + i * 200L;
                out.add(record(idPrefix + "d-" + n++, ts, "sent", DOMAIN));
                out.add(record(idPrefix + "d-" + n++, ts + 100, i < bouncesPerMinute[m] ? "bounced" : "delivered", DOMAIN));
            }
            for (int i = 0; i < healthyPerMinute; i++) {
                long ts = t0 + m * MINUTE + i * (MINUTE / healthyPerMinute);
                out.add(record(idPrefix + "h-" + n++, ts, "sent", "mail.healthy.example"));
                out.add(record(idPrefix + "h-" + n++, ts + 100, i % 100 == 0 ? "bounced" : "delivered", "mail.healthy.example"));
            }
        }
        // A last event well after the end moves the watermark past every minute.
        out.add(record(idPrefix + "clock-" + n, t0 + (bouncesPerMinute.length + 1) * MINUTE, "sent", "mail.healthy.example"));
        return out;
    }

    /**
     * Minutes {@code from} (inclusive) to {@code to} (exclusive) of several senders at once, each with its bounces
     * per minute out of 200 (a pattern shorter than the minutes starts again), beside {@code healthyPerMinute} events of a healthy sender; with {@code clock}, a last
     * event a minute after {@code to} moves the watermark past every minute.
     */
    static List<Scenario.Record> senders(Map<String, int[]> bouncesPerMinute, int healthyPerMinute, int from, int to,
            boolean clock) {
        List<Scenario.Record> out = new ArrayList<>();
        for (int m = from; m < to; m++) {
            for (int i = 0; i < 200; i++) {
                long ts = T0 + m * MINUTE + i * 200L;
                for (Map.Entry<String, int[]> sender : bouncesPerMinute.entrySet()) {
                    int bounces = sender.getValue()[m % sender.getValue().length];
                    String id = sender.getKey() + "-" + m + "-" + i;
                    out.add(record("s-" + id, ts, "sent", sender.getKey()));
                    out.add(record("o-" + id, ts + 100, i < bounces ? "bounced" : "delivered", sender.getKey()));
                }
            }
            for (int i = 0; i < healthyPerMinute; i++) {
                long ts = T0 + m * MINUTE + i * (MINUTE / healthyPerMinute);
                out.add(record("hs-" + m + "-" + i, ts, "sent", "mail.healthy.example"));
                out.add(record("ho-" + m + "-" + i, ts + 100, i % 100 == 0 ? "bounced" : "delivered", "mail.healthy.example"));
            }
        }
        if (clock) {
            out.add(record("clock-" + to, T0 + (to + 1) * MINUTE, "sent", "mail.healthy.example"));
        }
        return out;
    }

    private static Scenario.Record record(String uuid, long ts, String status, String domain) {
        String json = ("{\"uuid\":\"%s\",\"event\":\"email_deliverability_event\",\"timestamp\":\"%s\",\"properties\":"
                + "{\"status\":\"%s\",\"account_id\":\"acct-big\",\"sending_domain\":\"%s\",\"sending_ip\":\"198.51.100.7\","
                + "\"provider\":\"ses\",\"recipient_domain\":\"gmail.com\"}}")
                .formatted(uuid, Instant.ofEpochMilli(ts), status, domain);
        return new Scenario.Record(0, -1, json.getBytes(StandardCharsets.UTF_8));
    }
}
