package dev.revguard.job.tools;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces PostHog {@code email_deliverability_event} (and a few {@code strategic_decision_event})
 * records to Kafka: live at a given rate, or history from a start time as fast as Kafka takes them.
 * Scenarios script trouble: a sending domain that degrades from healthy to critical and recovers,
 * or a spam spike on one IP. Prints a progress line every few seconds. See scripts/generate-events.sh.
 */
public final class GenerateEvents {
    static final String DEGRADING_DOMAIN = "mail.degrading.example";
    static final String SPIKING_IP = "198.51.100.66";
    private static final String[] PROVIDERS = {"sendgrid", "mailgun", "ses"};
    private static final String[] MAILBOXES = {"gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "proton.me"};

    private final Map<String, String> opts;
    private final Random random = new Random();
    private long produced;
    private long duplicates;
    private long malformed;

    private GenerateEvents(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of(
                "bootstrap", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                "topic", System.getenv().getOrDefault("KAFKA_TOPIC_POSTHOG", "posthog-events"),
                "rate", "200", "duration", "0", "accounts", "40", "domains", "20", "ips", "12",
                "duplicates", "0.02", "malformed", "0.002", "scenario", "none"));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                usage();
                return;
            }
            if (!a.startsWith("--") || i + 1 >= args.length && !a.contains("=")) {
                System.err.println("generate-events: bad argument " + a);
                usage();
                System.exit(2);
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                o.put(a.substring(2, eq), a.substring(eq + 1));
            } else {
                o.put(a.substring(2), args[++i]);
            }
        }
        new GenerateEvents(o).run();
    }

    private static void usage() {
        System.err.println("""
            usage: scripts/generate-events.sh [--rate N] [--duration 10m|0] [--start ISO-time] [--accounts N]
                   [--domains N] [--ips N] [--duplicates F] [--malformed F] [--scenario none|domain-degrades|spam-spike]
                   [--bootstrap host:port] [--topic name]
              --rate        events per second (live), or per second of event time with --start (default 200)
              --duration    how long to run, 0 = until stopped (default 0; with --start: event time to cover)
              --start       write history: event time starts here and events are sent as fast as possible
              --duplicates  fraction of events sent twice (default 0.02); --malformed fraction of broken records (0.002)
              --scenario    domain-degrades: mail.degrading.example goes healthy -> monitor -> warning -> critical
                            over 4 minutes and recovers at minute 6; spam-spike: IP 198.51.100.66 draws 4 % complaints
                            from minute 1 to minute 4""");
    }

    private double d(String k) {
        return Double.parseDouble(opts.get(k));
    }

    private int n(String k) {
        return Integer.parseInt(opts.get(k));
    }

    private void run() throws Exception {
        double rate = d("rate");
        Duration duration = parseDuration(opts.get("duration"));
        boolean history = opts.containsKey("start");
        long eventTime = history ? OffsetDateTime.parse(opts.get("start")).toInstant().toEpochMilli() : System.currentTimeMillis();
        long scenarioStart = eventTime;
        long end = duration.isZero() ? Long.MAX_VALUE : eventTime + duration.toMillis();
        String scenario = opts.get("scenario");
        if (!scenario.matches("none|domain-degrades|spam-spike")) {
            throw new IllegalArgumentException("--scenario must be none, domain-degrades or spam-spike");
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, opts.get("bootstrap"));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        System.out.printf("generate-events: %s to %s/%s, %.0f events/s, scenario %s%s%n", history ? "history" : "live",
                opts.get("bootstrap"), opts.get("topic"), rate, scenario, history ? " from " + opts.get("start") : "");
        long startNanos = System.nanoTime();
        long lastReport = startNanos;
        long lastReported = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            long sent = 0;
            while (eventTime < end) {
                if (!history) {
                    // Live: event time is now; pace to the rate.
                    long due = startNanos + (long) (sent / rate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    eventTime = System.currentTimeMillis();
                } else {
                    eventTime += Math.max(1, (long) (1000 / rate));
                }
                for (String json : message(eventTime, (eventTime - scenarioStart) / 60_000.0, scenario)) {
                    send(producer, json, eventTime);
                }
                sent += 2;
                long now = System.nanoTime();
                if (now - lastReport > 5_000_000_000L) {
                    System.out.printf("generate-events: %,d events (%,.0f/s), %,d duplicates, %,d malformed, event time %s%n",
                            produced, (produced - lastReported) / ((now - lastReport) / 1e9), duplicates, malformed,
                            Instant.ofEpochMilli(eventTime));
                    lastReport = now;
                    lastReported = produced;
                }
            }
        }
        System.out.printf("generate-events: done, %,d events, %,d duplicates, %,d malformed, last event time %s%n",
                produced, duplicates, malformed, Instant.ofEpochMilli(eventTime));
    }

    /** The record's Kafka timestamp is the event time, so history can be replayed by time. */
    private void send(KafkaProducer<String, byte[]> producer, String json, long eventTime) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        if (random.nextDouble() < d("malformed")) {
            value = json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
            malformed++;
        }
        producer.send(new ProducerRecord<>(opts.get("topic"), null, eventTime, null, value));
        produced++;
        if (random.nextDouble() < d("duplicates")) {
            producer.send(new ProducerRecord<>(opts.get("topic"), null, eventTime, null, value));
            produced++;
            duplicates++;
        }
    }

    /** One message: sent, then its outcome, sometimes a complaint; now and then a strategic decision. */
    private String[] message(long t, double minute, String scenario) {
        int account = (int) (Math.pow(random.nextDouble(), 2) * n("accounts"));
        boolean degrading = scenario.equals("domain-degrades") && random.nextDouble() < 0.15;
        String domain = degrading ? DEGRADING_DOMAIN : "mail" + (account % n("domains")) + ".acme-" + account % 7 + ".example";
        String ip = scenario.equals("spam-spike") && random.nextDouble() < 0.1 ? SPIKING_IP
                : "198.51.100." + (1 + (account * 3 + random.nextInt(2)) % n("ips"));
        double bounce = 0.01;
        double spam = 0.0008;
        if (degrading) {
            bounce = minute < 1 ? 0.01 : minute < 2 ? 0.07 : minute < 3 ? 0.12 : minute < 6 ? 0.25 : 0.01;
        }
        if (ip.equals(SPIKING_IP) && minute >= 1 && minute < 4) {
            spam = 0.04;
        }
        // The degrading domain belongs to one account, as a customer's domain does.
        String acct = degrading ? "acct-degrading" : "acct-" + account;
        String provider = PROVIDERS[account % PROVIDERS.length];
        String mailbox = MAILBOXES[(int) (Math.pow(random.nextDouble(), 2) * MAILBOXES.length)];
        String sent = event(t, "sent", acct, domain, ip, provider, mailbox);
        double r = random.nextDouble();
        String outcome = r < bounce ? "bounced" : r < bounce + 0.01 ? "soft_bounced" : r < bounce + 0.02 ? "deferred"
                : r < bounce + 0.022 ? "dropped" : "delivered";
        String second = event(t + 300, outcome, acct, domain, ip, provider, mailbox);
        if (outcome.equals("delivered") && random.nextDouble() < spam) {
            return new String[] {sent, second, event(t + 900, "spam_complaint", acct, domain, ip, provider, mailbox)};
        }
        if (random.nextDouble() < 0.0005) {
            return new String[] {sent, second, decision(t)};
        }
        return new String[] {sent, second};
    }

    private static String event(long t, String status, String account, String domain, String ip, String provider, String mailbox) {
        String ts = Instant.ofEpochMilli(t).toString();
        String uuid = UUID.randomUUID().toString();
        return "{\"uuid\":\"" + uuid + "\",\"event\":\"email_deliverability_event\",\"distinct_id\":\"" + account
                + "\",\"timestamp\":\"" + ts + "\",\"team_id\":1,\"properties\":{\"status\":\"" + status
                + "\",\"account_id\":\"" + account + "\",\"sending_domain\":\"" + domain + "\",\"sending_ip\":\"" + ip
                + "\",\"provider\":\"" + provider + "\",\"recipient_domain\":\"" + mailbox + "\",\"message_id\":\"<"
                + uuid.substring(0, 13) + "@" + domain + ">\"}}";
    }

    private static String decision(long t) {
        String ts = Instant.ofEpochMilli(t).toString();
        return "{\"uuid\":\"" + UUID.randomUUID() + "\",\"event\":\"strategic_decision_event\",\"distinct_id\":\"cfo\","
                + "\"timestamp\":\"" + ts + "\",\"properties\":{\"decision_id\":\"dec-" + (t / 1000) + "\",\"decision_type\":"
                + "\"infrastructure\",\"maker\":\"cfo@acme.example\",\"title\":\"Warm up two more SMTP IPs\","
                + "\"expected_outcomes\":[{\"kpi\":\"bounce_rate\",\"baseline\":0.03,\"target\":0.015,\"due\":\"2027-01-31\"}],"
                + "\"review_date\":\"2027-02-15\"}}";
    }

    static Duration parseDuration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("0")) return Duration.ZERO;
        long n = Long.parseLong(v.replaceAll("[a-z]+$", ""));
        return switch (v.replaceAll("^[0-9]+", "")) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("--duration: expected 30s, 10m, 2h, 1d or 0");
        };
    }
}
