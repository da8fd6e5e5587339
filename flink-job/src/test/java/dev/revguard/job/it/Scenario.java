package dev.revguard.job.it;

import dev.revguard.job.window.DimensionValues;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.Outcome;
import dev.revguard.job.risk.RiskEvaluation;
import dev.revguard.common.RiskPolicy;
import dev.revguard.job.risk.RiskPrices;
import dev.revguard.common.Dimension;
import dev.revguard.job.window.OutcomeCounts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deterministic stream of PostHog records with everything real traffic throws at the job:
 * about 10 % duplicate deliveries, malformed and incomplete records, events of other kinds,
 * out-of-order events within the watermark bound, late events within the allowed lateness and
 * events too late to count, and strategic decisions revised several times (versions out of order
 * across phases, some sent twice, one malformed now and then). It also computes, independently of the job, what the tables must
 * hold afterwards.
 *
 * <p>Phase A covers minutes 0-9 of event time and is split in two halves. Phase B is sent once
 * the watermark has passed minute 8: events for minute 6 (late, still counted), for minute 2
 * (too late: dead letters) and for minute 10 (on time).
 */
final class Scenario {
    static final long MINUTE = 60_000;
    static final long T0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
    static final Duration EVALUATION_WINDOW = Duration.ofMinutes(15);

    /** One Kafka record to send. */
    record Record(int partition, long offset, byte[] value) {}

    private static final String[] ACCOUNTS = {"acct-steady", "acct-growing", "acct-risky", "acct-burning"};
    // Bounce and complaint probabilities per account: healthy, monitor-ish, warning-ish, critical.
    private static final double[] BOUNCE = {0.01, 0.06, 0.12, 0.25};
    private static final double[] SPAM = {0.001, 0.012, 0.005, 0.03};
    private static final String[] IPS = {"198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"};
    private static final String[] PROVIDERS = {"sendgrid", "mailgun", "ses"};
    private static final String[] RECIPIENTS = {"gmail.com", "yahoo.com", "outlook.com", "icloud.com"};

    final List<Record> phaseA1 = new ArrayList<>();
    final List<Record> phaseA2 = new ArrayList<>();
    /**
     * A few on-time events at the end of minute 9, sent after phase A2. Flink does not checkpoint
     * watermarks: a job restored from a checkpoint that already holds every record of A2 waits for
     * newer events before it closes minute 8. These are those newer events.
     */
    final List<Record> phaseA3 = new ArrayList<>();
    final List<Record> phaseB = new ArrayList<>();
    /** Distinct events the job must count. */
    final List<DeliveryEvent> counted = new ArrayList<>();
    /** "partition/offset/reason" of every record that must be dead-lettered (reason prefix for parse errors). */
    final TreeSet<String> deadLetters = new TreeSet<>();

    /** Every version of every decision sent, the malformed ones not included. */
    final List<DecisionVersion> decisionVersions = new ArrayList<>();

    /** One version of a decision: one outcome, {@code bounce_rate} down to {@code target}. */
    record DecisionVersion(String decisionId, String uuid, long decidedAt, String status, double target) {}

    /** How many of {@link #counted} phases A1, A2 and A3 hold (the first ones). */
    int countedBeforePhaseB;

    int deliverabilityRecords;
    int duplicates;
    int malformed;
    int ignored;
    int late;
    int tooLate;

    private final int partitions;
    private final long[] nextOffset;
    private final Random random;
    private int sequence;

    /** False: the records of versions before decisions were stored (a stored savepoint read them). */
    private final boolean decisions;

    private Scenario(long seed, int partitions, boolean decisions) {
        this.decisions = decisions;
        this.random = new Random(seed);
        this.partitions = partitions;
        this.nextOffset = new long[partitions];
    }

    static Scenario generate(long seed, int partitions, int messagesPerMinute) {
        Scenario s = new Scenario(seed, partitions, true);
        s.build(messagesPerMinute, true);
        return s;
    }

    /** Phase A only: no late or too-late events. */
    static Scenario generateOnTime(long seed, int partitions, int messagesPerMinute) {
        Scenario s = new Scenario(seed, partitions, true);
        s.build(messagesPerMinute, false);
        return s;
    }

    /**
     * Phase A only, without decision events: record for record what {@link #generateOnTime} gave
     * before decisions were stored (the records a stored savepoint of that version had read).
     */
    static Scenario generateOnTimeWithoutDecisions(long seed, int partitions, int messagesPerMinute) {
        Scenario s = new Scenario(seed, partitions, false);
        s.build(messagesPerMinute, false);
        return s;
    }

    private void build(int messagesPerMinute, boolean withPhaseB) {
        // Phase A: messages over minutes 0-9; each is sent, then delivered or not, maybe complained about.
        List<DeliveryEvent> events = new ArrayList<>();
        for (int minute = 0; minute < 10; minute++) {
            for (int m = 0; m < messagesPerMinute; m++) {
                long sentAt = T0 + minute * MINUTE + random.nextInt((int) MINUTE - 25_000);
                int a = random.nextInt(ACCOUNTS.length);
                events.add(event(a, sentAt, Outcome.SENT));
                double r = random.nextDouble();
                long outcomeAt = sentAt + 1000 + random.nextInt(9000);
                if (r < BOUNCE[a]) {
                    events.add(event(a, outcomeAt, Outcome.BOUNCED));
                } else if (r < BOUNCE[a] + 0.02) {
                    events.add(event(a, outcomeAt, random.nextBoolean() ? Outcome.SOFT_BOUNCED : Outcome.DEFERRED));
                } else if (r < BOUNCE[a] + 0.03) {
                    events.add(event(a, outcomeAt, Outcome.DROPPED));
                } else {
                    events.add(event(a, outcomeAt, Outcome.DELIVERED));
                    if (random.nextDouble() < SPAM[a]) {
                        events.add(event(a, outcomeAt + 5000, Outcome.SPAM_COMPLAINT));
                    }
                }
            }
        }
        events.sort(Comparator.comparingLong(DeliveryEvent::timestamp));
        // Out of order, within the 10 s bound: swap neighbours less than 5 s apart.
        for (int i = 1; i < events.size(); i++) {
            if (random.nextInt(4) == 0 && events.get(i).timestamp() - events.get(i - 1).timestamp() < 5000) {
                DeliveryEvent tmp = events.get(i);
                events.set(i, events.get(i - 1));
                events.set(i - 1, tmp);
            }
        }
        int half = events.size() / 2;
        emitPhase(events.subList(0, half), phaseA1);
        emitPhase(events.subList(half, events.size()), phaseA2);

        if (!withPhaseB) {
            return;
        }
        for (int i = 0; i < 6; i++) {
            DeliveryEvent e = event(i % ACCOUNTS.length, T0 + 9 * MINUTE + 40_000 + i * 1000L, Outcome.SENT);
            counted.add(e);
            deliverabilityRecords++;
            add(phaseA3, json(e), null);
        }
        countedBeforePhaseB = counted.size();
        // Phase B: late but within the allowed lateness (minute 6), too late (minute 2), on time (minute 10).
        for (int i = 0; i < 40; i++) {
            DeliveryEvent e = event(i % ACCOUNTS.length, T0 + 6 * MINUTE + i * 1000L, i % 5 == 0 ? Outcome.BOUNCED : Outcome.SENT);
            counted.add(e);
            late++;
            deliverabilityRecords++;
            add(phaseB, json(e), null);
        }
        for (int i = 0; i < 15; i++) {
            DeliveryEvent e = event(i % ACCOUNTS.length, T0 + 2 * MINUTE + i * 1000L, Outcome.SENT);
            tooLate++;
            deliverabilityRecords++;
            add(phaseB, json(e), "late");
        }
        for (int i = 0; i < 60; i++) {
            DeliveryEvent e = event(i % ACCOUNTS.length, T0 + 10 * MINUTE + 10_000 + i * 500L,
                    i % 3 == 0 ? Outcome.DELIVERED : Outcome.SENT);
            counted.add(e);
            deliverabilityRecords++;
            add(phaseB, json(e), null);
        }
        add(phaseB, "{\"uuid\":\"b-bad\",\"event\":\"email_deliverability_event\"".getBytes(StandardCharsets.UTF_8), "unparseable_json");
        malformed++;
    }

    /** Sends each event once, some twice shortly after, with bad and ignored records mixed in. */
    private void emitPhase(List<DeliveryEvent> events, List<Record> out) {
        List<byte[]> pendingDuplicates = new ArrayList<>();
        for (DeliveryEvent e : events) {
            byte[] value = json(e);
            counted.add(e);
            deliverabilityRecords++;
            add(out, value, null);
            if (random.nextInt(10) == 0) {
                pendingDuplicates.add(value);
            }
            if (!pendingDuplicates.isEmpty() && random.nextInt(3) == 0) {
                add(out, pendingDuplicates.remove(0), null);
                duplicates++;
                deliverabilityRecords++;
            }
            int dice = random.nextInt(100);
            if (dice == 0) {
                add(out, "{\"uuid\": \"broken\", \"event\": ".getBytes(StandardCharsets.UTF_8), "unparseable_json");
                malformed++;
            } else if (dice == 1) {
                add(out, json(e, e.eventId() + "-x", null), "missing_field");
                malformed++;
            } else if (dice == 2) {
                add(out, json(e, e.eventId() + "-y", "exploded"), "unknown_status");
                malformed++;
            } else if (dice == 3) {
                add(out, ("{\"uuid\":\"pv-" + sequence++ + "\",\"event\":\"$pageview\",\"timestamp\":\"2026-11-24T10:00:00Z\",\"properties\":{}}")
                        .getBytes(StandardCharsets.UTF_8), null);
                ignored++;
            } else if (dice == 4) {
                add(out, json(e, e.eventId() + "-o", "opened"), null);
                ignored++;
            } else if (dice == 5 && decisions) {
                byte[] decision = decision();
                add(out, decision, null);
                if (random.nextInt(4) == 0) {
                    add(out, decision, null);
                }
            } else if (dice == 6 && decisions && random.nextInt(3) == 0) {
                add(out, ("{\"uuid\":\"dec-bad-" + sequence++ + "\",\"event\":\"strategic_decision_event\","
                        + "\"timestamp\":\"2026-11-24T10:00:00Z\",\"properties\":{\"decision_id\":\"dec-1\","
                        + "\"expected_outcomes\":\"bounce_rate under 2%\"}}").getBytes(StandardCharsets.UTF_8), "invalid_field");
                malformed++;
            }
        }
        for (byte[] d : pendingDuplicates) {
            add(out, d, null);
            duplicates++;
            deliverabilityRecords++;
        }
    }

    /**
     * A new version of one of five decisions, made at a random minute of phase A's event time (so
     * a later version is often sent before an earlier one), as PostHog's flat event.
     */
    private byte[] decision() {
        String id = "dec-" + random.nextInt(5);
        String uuid = String.format("0190a0b2-dec0-7000-8000-%012x", sequence++);
        long decidedAt = T0 + random.nextInt(10 * (int) MINUTE);
        String status = List.of("proposed", "approved", "implemented", "reverted").get(random.nextInt(4));
        double target = (1 + random.nextInt(9)) / 100.0;
        decisionVersions.add(new DecisionVersion(id, uuid, decidedAt, status, target));
        return ("{\"uuid\":\"%s\",\"event\":\"strategic_decision_event\",\"distinct_id\":\"ops\",\"timestamp\":\"%s\","
                + "\"properties\":{\"decision_id\":\"%s\",\"decision_type\":\"deliverability\",\"maker\":\"ops@example.com\","
                + "\"title\":\"Bring the bounce rate down\",\"status\":\"%s\",\"review_date\":\"2026-12-15\","
                + "\"expected_outcomes\":[{\"kpi\":\"bounce_rate\",\"baseline\":0.1,\"target\":%s,\"due\":\"2026-12-31\"}]}}")
                .formatted(uuid, Instant.ofEpochMilli(decidedAt), id, status, target)
                .getBytes(StandardCharsets.UTF_8);
    }

    static final String DECISION_QUERY = "SELECT d.decision_id, d.status, (extract(epoch FROM d.decided_at) * 1000)::bigint, "
            + "d.event_id, o.kpi, o.target FROM strategic_decisions d LEFT JOIN decision_outcomes o USING (decision_id)";

    /** Rows of {@link #DECISION_QUERY}: per decision the version with the latest event time (ties: the larger uuid). */
    List<String> expectedDecisions() {
        Map<String, DecisionVersion> latest = new TreeMap<>();
        Comparator<DecisionVersion> order = Comparator.comparingLong(DecisionVersion::decidedAt)
                .thenComparing(DecisionVersion::uuid);
        for (DecisionVersion v : decisionVersions) {
            latest.merge(v.decisionId(), v, (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
        return latest.values().stream().map(v -> v.decisionId() + " | " + v.status() + " | " + v.decidedAt() + " | "
                + v.uuid() + " | bounce_rate | " + v.target()).toList();
    }

    private void add(List<Record> out, byte[] value, String deadLetterReason) {
        int partition = out.size() % partitions;
        long offset = nextOffset[partition]++;
        out.add(new Record(partition, offset, value));
        if (deadLetterReason != null) {
            deadLetters.add(partition + "/" + offset + "/" + deadLetterReason);
        }
    }

    private DeliveryEvent event(int account, long timestamp, Outcome outcome) {
        String uuid = String.format("0190a0b2-%04x-7000-8000-%012x", account, sequence++);
        return new DeliveryEvent(uuid, timestamp, outcome, ACCOUNTS[account],
                "mail." + ACCOUNTS[account] + ".example", IPS[random.nextInt(IPS.length)],
                PROVIDERS[random.nextInt(PROVIDERS.length)], RECIPIENTS[random.nextInt(RECIPIENTS.length)], "posthog", null);
    }

    /** PostHog's export shape; every fifth event carries its properties as a JSON string. */
    private byte[] json(DeliveryEvent e) {
        return json(e, e.eventId(), e.outcome().status());
    }

    /** With {@code status} null the record lacks {@code properties.status}, a required field. */
    private byte[] json(DeliveryEvent e, String uuid, String status) {
        String props = "{%s\"account_id\":\"%s\",\"sending_domain\":\"%s\",\"sending_ip\":\"%s\",\"provider\":\"%s\",\"recipient_domain\":\"%s\",\"message_id\":\"<%s@mail>\"}"
                .formatted(status == null ? "" : "\"status\":\"" + status + "\",", e.accountId(), e.sendingDomain(),
                        e.sendingIp(), e.provider(), e.recipientDomain(), uuid);
        String propertiesField = (uuid.hashCode() % 5 == 0)
                ? "\"" + props.replace("\"", "\\\"") + "\""
                : props;
        return ("{\"uuid\":\"%s\",\"event\":\"email_deliverability_event\",\"distinct_id\":\"%s\",\"timestamp\":\"%s\","
                + "\"team_id\":1,\"created_at\":\"%s\",\"properties\":%s}")
                .formatted(uuid, e.accountId(), Instant.ofEpochMilli(e.timestamp()), Instant.ofEpochMilli(e.timestamp()),
                        propertiesField)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Stopping offset of each partition: everything the scenario sends. */
    Map<Integer, Long> endOffsets() {
        Map<Integer, Long> m = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            m.put(p, nextOffset[p]);
        }
        return m;
    }

    long maxCountedTimestamp() {
        return counted.stream().mapToLong(DeliveryEvent::timestamp).max().orElseThrow();
    }

    // ---- what the tables must hold ----

    private Map<String, long[]> windowCounts() {
        return windowCounts(counted);
    }

    private static Map<String, long[]> windowCounts(List<DeliveryEvent> events) {
        Map<String, long[]> m = new TreeMap<>();
        for (DeliveryEvent e : events) {
            long start = e.timestamp() - Math.floorMod(e.timestamp(), MINUTE);
            for (Dimension d : Dimension.all()) {
                m.computeIfAbsent(d.label() + " | " + DimensionValues.of(d, e) + " | " + start, k -> new long[7])[e.outcome().ordinal()]++;
            }
        }
        return m;
    }

    /**
     * Rows of deliverability_window as {@link TestDatabase#rows} renders
     * {@link #WINDOW_QUERY}; a window is final when its end is at or before {@code finalWatermark + 1},
     * a {@code sending_ip} window {@link #IP_ATTRIBUTION_WAIT} later (the job's default).
     */
    List<String> expectedWindows(long finalWatermark) {
        return windowRows(windowCounts(), finalWatermark);
    }

    /**
     * Rows of {@link #WINDOW_QUERY} once phases A1, A2 and A3 are counted, before phase B is sent: the
     * watermark then stands 10 s (the out-of-orderness bound) before the latest of those events.
     */
    List<String> expectedWindowsBeforePhaseB() {
        List<DeliveryEvent> before = counted.subList(0, countedBeforePhaseB);
        long watermark = before.stream().mapToLong(DeliveryEvent::timestamp).max().orElseThrow() - 10_000 - 1;
        return windowRows(windowCounts(before), watermark);
    }

    private static List<String> windowRows(Map<String, long[]> counts, long finalWatermark) {
        List<String> rows = new ArrayList<>();
        counts.forEach((key, c) -> {
            long start = Long.parseLong(key.substring(key.lastIndexOf(' ') + 1));
            long delay = key.startsWith(Dimension.SENDING_IP.label() + " | ") ? IP_ATTRIBUTION_WAIT : 0;
            boolean isFinal = start + MINUTE - 1 + delay <= finalWatermark;
            rows.add(key + " | " + (start + MINUTE) + " | " + c[0] + " | " + c[1] + " | " + c[2] + " | " + c[3]
                    + " | " + c[4] + " | " + c[5] + " | " + c[6] + " | " + isFinal);
        });
        return rows;
    }

    static final long IP_ATTRIBUTION_WAIT = 2 * MINUTE;

    static final String WINDOW_QUERY = "SELECT dimension, dimension_value, (extract(epoch FROM window_start) * 1000)::bigint, "
            + "(extract(epoch FROM window_end) * 1000)::bigint, sent, delivered, bounced, soft_bounced, deferred, dropped, "
            + "spam_complaints, is_final FROM deliverability_window";

    static final String SNAPSHOT_QUERY = "SELECT dimension, dimension_value, (extract(epoch FROM window_from) * 1000)::bigint, "
            + "(extract(epoch FROM evaluated_at) * 1000)::bigint, sent, delivered, bounced, soft_bounced, deferred, dropped, "
            + "spam_complaints, bounce_rate, spam_rate, deliverability_rate, monthly_volume, revenue_risk_usd, severity, policy "
            + "FROM risk_snapshot";

    static final String DEAD_LETTER_QUERY = "SELECT kafka_partition || '/' || kafka_offset || '/' || reason FROM dead_letter_events";

    /**
     * Rows of risk_snapshot: each value evaluated, as the live gauge does, over the whole minutes the
     * trailing evaluation window of event time seen touches, {@code [latest + 1 - window, latest + 1)}
     * with {@code latest} its latest event, its monthly volume scaled by the time they cover up to
     * that event.
     */
    List<String> expectedSnapshots(RiskPolicy policy) {
        Map<String, Long> latest = new TreeMap<>();
        for (DeliveryEvent e : counted) {
            for (Dimension d : Dimension.all()) {
                latest.merge(d.label() + " | " + DimensionValues.of(d, e), e.timestamp(), Math::max);
            }
        }
        Map<String, long[]> windows = windowCounts();
        List<String> rows = new ArrayList<>();
        latest.forEach((dimValue, last) -> {
            long to = last + 1;
            long from = Math.floorDiv(to - EVALUATION_WINDOW.toMillis(), MINUTE) * MINUTE;
            long[] sum = new long[7];
            windows.forEach((key, c) -> {
                long start = Long.parseLong(key.substring(key.lastIndexOf(' ') + 1));
                if (key.startsWith(dimValue + " | ") && start >= from && start < to) {
                    for (int i = 0; i < 7; i++) sum[i] += c[i];
                }
            });
            OutcomeCounts counts = OutcomeCounts.of(sum);
            RiskEvaluation e = RiskEvaluation.evaluate(counts, Duration.ofMillis(to - from), policy, RiskPrices.DEFAULT);
            rows.add(dimValue + " | " + from + " | " + to + " | " + sum[0] + " | " + sum[1] + " | " + sum[2] + " | "
                    + sum[3] + " | " + sum[4] + " | " + sum[5] + " | " + sum[6] + " | " + e.bounceRate() + " | "
                    + e.spamRate() + " | " + e.deliverabilityRate() + " | " + e.monthlyVolume() + " | "
                    + e.revenueRiskUsd() + " | " + e.severity().label() + " | " + policy.name());
        });
        return rows;
    }

    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    /** The query of {@link #WINDOW_QUERY} on a rollup table. */
    static String rollupQuery(String table) {
        return WINDOW_QUERY.replace("FROM deliverability_window", "FROM " + table);
    }

    /**
     * Rows of deliverability_hourly or deliverability_daily: the expected minute rows summed per UTC
     * period; a period is final when its end is at or before {@code finalWatermark + 1}.
     */
    List<String> expectedRollups(long periodMillis, long finalWatermark) {
        Map<String, long[]> periods = new TreeMap<>();
        windowCounts().forEach((key, c) -> {
            long start = Long.parseLong(key.substring(key.lastIndexOf(' ') + 1));
            String periodKey = key.substring(0, key.lastIndexOf(" | ")) + " | " + Math.floorDiv(start, periodMillis) * periodMillis;
            long[] sum = periods.computeIfAbsent(periodKey, k -> new long[7]);
            for (int i = 0; i < 7; i++) sum[i] += c[i];
        });
        List<String> rows = new ArrayList<>();
        periods.forEach((key, c) -> {
            long start = Long.parseLong(key.substring(key.lastIndexOf(' ') + 1));
            boolean isFinal = start + periodMillis - 1 <= finalWatermark;
            rows.add(key + " | " + (start + periodMillis) + " | " + c[0] + " | " + c[1] + " | " + c[2] + " | " + c[3]
                    + " | " + c[4] + " | " + c[5] + " | " + c[6] + " | " + isFinal);
        });
        return rows;
    }

    String summary() {
        return "records sent: " + (phaseA1.size() + phaseA2.size() + phaseA3.size() + phaseB.size())
                + ", deliverability records: " + deliverabilityRecords
                + ", distinct counted events: " + counted.size()
                + ", duplicates: " + duplicates
                + ", malformed: " + malformed
                + ", ignored: " + ignored
                + ", late (counted): " + late
                + ", too late (dead letters): " + tooLate
                + ", decision versions: " + decisionVersions.size();
    }
}
