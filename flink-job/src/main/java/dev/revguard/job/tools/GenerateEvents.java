package dev.revguard.job.tools;

import dev.revguard.job.source.Sources;
import dev.revguard.job.tools.generate.CertificateServer;
import dev.revguard.job.tools.generate.IntakeKeys;
import dev.revguard.job.tools.generate.IntakeSink;
import dev.revguard.job.tools.generate.KafkaSink;
import dev.revguard.job.tools.generate.MailgunShape;
import dev.revguard.job.tools.generate.Malformation;
import dev.revguard.job.tools.generate.PostHogShape;
import dev.revguard.job.tools.generate.Scenario;
import dev.revguard.job.tools.generate.Senders;
import dev.revguard.job.tools.generate.SendGridShape;
import dev.revguard.job.tools.generate.SesShape;
import dev.revguard.job.tools.generate.Shape;
import dev.revguard.job.tools.generate.Sink;
import dev.revguard.job.tools.generate.Traffic;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Generates email traffic as its sources report it: PostHog {@code email_deliverability_event}s
 * (after the business's {@code strategic_decision_event}s) to the PostHog topic, or SendGrid, Mailgun and SES
 * webhook events to the provider topic, or all four mixed; or, with {@code --via-intake}, signed
 * POSTs to the revguard HTTP intake as each sender makes them. Live at a rate, or history from a
 * start time as fast as the destination takes it. Scenarios script trouble: a sending domain that
 * degrades and recovers, or a spam spike on one IP. Prints a progress line every few seconds.
 * The shapes, the message lifecycle and the senders are in {@code tools.generate}; see
 * scripts/generate-events.sh.
 */
public final class GenerateEvents {
    static final String DEGRADING_DOMAIN = Senders.DEGRADING_DOMAIN;
    static final String SPIKING_IP = Senders.SPIKING_IP;
    /** The Mailgun key of the fixtures, used to sign Kafka records when no --keys-dir is given. */
    static final String FIXTURE_MAILGUN_KEY = "revguard-fixture-signing-key-0001";
    static final String DEFAULT_KEYS_DIR = ".local/intake-keys";
    static final List<String> SOURCES = List.of(Sources.POSTHOG, Sources.SENDGRID, Sources.MAILGUN, Sources.SES);
    private static final Set<String> FLAGS = Set.of("write-keys-only");
    private static final Set<String> OPTIONS = Set.of("bootstrap", "topic", "provider-topic", "rate", "duration", "start",
            "accounts", "domains", "ips", "duplicates", "malformed", "scenario", "source", "seed", "via-intake",
            "keys-dir", "cert-port", "write-keys-only");

    private final Map<String, String> opts;
    private final PrintStream out;

    GenerateEvents(Map<String, String> opts, PrintStream out) {
        this.opts = opts;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o;
        try {
            o = parseArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("generate-events: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        if (o == null) {
            usage();
            return;
        }
        try {
            new GenerateEvents(o, System.out).run();
        } catch (IllegalArgumentException e) {
            System.err.println("generate-events: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The options with their defaults; null when help was asked for. */
    static Map<String, String> parseArgs(String[] args, Map<String, String> env) {
        Map<String, String> o = new HashMap<>(Map.of(
                "bootstrap", env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                "topic", env.getOrDefault("KAFKA_TOPIC_POSTHOG", "posthog-events"),
                "provider-topic", env.getOrDefault("KAFKA_TOPIC_PROVIDERS", "provider-events"),
                "rate", "200", "duration", "0", "accounts", "40", "domains", "20", "ips", "12",
                "duplicates", "0.02", "malformed", "0.002"));
        o.put("scenario", "none");
        o.put("source", Sources.POSTHOG);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("bad argument " + a);
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(2, eq) : a.substring(2);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (FLAGS.contains(name)) {
                o.put(name, eq > 0 ? a.substring(eq + 1) : "true");
            } else if (eq > 0) {
                o.put(name, a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                o.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return o;
    }

    private static void usage() {
        System.err.println("""
            usage: scripts/generate-events.sh [--source posthog|sendgrid|mailgun|ses|mixed] [--rate N] [--duration 10m|0]
                   [--start ISO-time] [--seed N] [--accounts N] [--domains N] [--ips N] [--duplicates F] [--malformed F]
                   [--scenario none|domain-degrades|spam-spike] [--bootstrap host:port] [--topic name] [--provider-topic name]
                   [--via-intake URL [--keys-dir DIR] [--cert-port N]] [--write-keys-only [--keys-dir DIR] [--cert-port N]]
              --source      who reports the mail (default posthog): posthog writes email_deliverability_events (and first
                            the business's strategic decisions) to --topic; sendgrid, mailgun and ses write their webhook events (the
                            shapes of ../shared/fixtures) to --provider-topic keyed <provider>:<event id>; mixed spreads
                            the messages over all four. A provider's send event names no IP, its later events do.
              --rate        events per second (live), or per second of event time with --start (default 200)
              --duration    how long to run, 0 = until stopped (default 0; with --start: event time to cover)
              --start       write history: event time starts here and events are sent as fast as possible
              --seed        seed the randomness: a history run with the same options writes the same records
              --duplicates  fraction of events sent twice (default 0.02); --malformed fraction of broken records
                            (default 0.002: truncated JSON, an unknown event type or status, a missing event id)
              --scenario    domain-degrades: mail.degrading.example goes healthy -> monitor -> warning -> critical
                            over 4 minutes and recovers at minute 6; spam-spike: IP 198.51.100.66 draws 4 % complaints
                            from minute 1 to minute 4
              --topic       the PostHog topic (default $KAFKA_TOPIC_POSTHOG or posthog-events)
              --provider-topic  the provider topic (default $KAFKA_TOPIC_PROVIDERS or provider-events)
              --via-intake  instead of Kafka, POST to the revguard intake at URL (e.g. http://127.0.0.1:7070) as the
                            senders do, signed: SendGrid batches of up to 100 (ECDSA), one Mailgun body per event
                            (HMAC), SNS Notifications for SES (SignatureVersion 2), PostHog webhook bodies (bearer
                            token). 503s and connection errors are retried with backoff; the progress line counts
                            2xx and refused events per sender. No truncated JSON is sent (the intake answers 400).
              --keys-dir    where the keys live (default .local/intake-keys); what is missing is made, and
                            DIR/intake.env holds the intake's settings: env $(cat DIR/intake.env) <intake command>.
                            With Kafka, Mailgun bodies are signed with DIR's key when --keys-dir is given, else with
                            the fixtures' key revguard-fixture-signing-key-0001.
              --cert-port   port of the generator's own server for the SNS signing certificate (SNS_CERT_HOSTS is
                            http://127.0.0.1:PORT/); default: the port in DIR/intake.env, else a free port
              --write-keys-only  make the keys and DIR/intake.env, print them, and exit (to start the intake first)""");
    }

    private double d(String k) {
        return Double.parseDouble(opts.get(k));
    }

    private int n(String k) {
        return Integer.parseInt(opts.get(k));
    }

    void run() throws Exception {
        Path keysDir = Path.of(opts.getOrDefault("keys-dir", DEFAULT_KEYS_DIR));
        if (opts.containsKey("write-keys-only")) {
            writeKeysOnly(keysDir);
            return;
        }
        String source = opts.get("source");
        if (!source.equals("mixed") && !SOURCES.contains(source)) {
            throw new IllegalArgumentException("--source must be posthog, sendgrid, mailgun, ses or mixed, not " + source);
        }
        List<String> sources = source.equals("mixed") ? SOURCES : List.of(source);
        Scenario scenario = Scenario.parse(opts.get("scenario"));
        double rate = d("rate");
        Duration duration = parseDuration(opts.get("duration"));
        boolean history = opts.containsKey("start");
        long start = history ? OffsetDateTime.parse(opts.get("start")).toInstant().toEpochMilli() : System.currentTimeMillis();
        long end = duration.isZero() ? Long.MAX_VALUE : start + duration.toMillis();
        Random random = opts.containsKey("seed") ? new Random(Long.parseLong(opts.get("seed"))) : new Random();
        boolean viaIntake = opts.containsKey("via-intake");
        IntakeKeys keys = viaIntake || opts.containsKey("keys-dir") ? IntakeKeys.loadOrCreate(keysDir, out) : null;
        String mailgunKey = keys != null ? keys.mailgunSigningKey() : FIXTURE_MAILGUN_KEY;
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Shape s : List.of(new PostHogShape(), new SendGridShape(), new MailgunShape(mailgunKey), new SesShape())) {
            shapes.put(s.source(), s);
        }
        Set<Malformation> malformations = viaIntake
                ? EnumSet.of(Malformation.UNKNOWN_EVENT_TYPE, Malformation.MISSING_ID) : EnumSet.allOf(Malformation.class);
        Traffic.Settings settings = new Traffic.Settings(rate, start, end, history, sources, d("duplicates"), d("malformed"),
                malformations);
        Senders senders = new Senders(n("accounts"), n("domains"), n("ips"), scenario);
        String when = history ? " from " + opts.get("start") : "";
        String what = source.equals(Sources.POSTHOG) ? "" : ", source " + source;
        CertificateServer certificates = null;
        Sink sink;
        if (viaIntake) {
            URI intake = URI.create(opts.get("via-intake"));
            out.printf("generate-events: %s to intake %s, %.0f events/s, scenario %s%s%s%n", history ? "history" : "live",
                    intake, rate, scenario.optionName(), when, what);
            certificates = startCertificateServer(keys, keysDir);
            sink = new IntakeSink(intake, keys, certificates.certificateUrl(), IntakeSink.defaultClient(), out, 16,
                    System::currentTimeMillis);
        } else {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, opts.get("bootstrap"));
            p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            String topics = sources.equals(List.of(Sources.POSTHOG)) ? opts.get("topic")
                    : sources.contains(Sources.POSTHOG) ? opts.get("topic") + " and " + opts.get("provider-topic")
                    : opts.get("provider-topic");
            out.printf("generate-events: %s to %s/%s, %.0f events/s, scenario %s%s%s%n", history ? "history" : "live",
                    opts.get("bootstrap"), topics, rate, scenario.optionName(), when, what);
            sink = new KafkaSink(new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()),
                    opts.get("topic"), opts.get("provider-topic"), out);
        }
        try {
            Traffic.Counts c = new Traffic(settings, senders, shapes, random, sink, out).run();
            String tail = sink.progress();
            out.printf("generate-events: done, %,d events, %,d duplicates, %,d malformed, last event time %s%s%n",
                    c.records(), c.duplicates(), c.malformed(), Instant.ofEpochMilli(c.lastEventTime()),
                    tail.isEmpty() ? "" : " | " + tail);
        } finally {
            if (certificates != null) {
                certificates.close();
            }
        }
    }

    private void writeKeysOnly(Path keysDir) throws Exception {
        IntakeKeys keys = IntakeKeys.loadOrCreate(keysDir, out);
        Integer port = certPort(keysDir);
        if (port == null || port == 0) {
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
        }
        keys.writeEnv(keysDir, port);
        Path env = keysDir.resolve(IntakeKeys.ENV_FILE);
        out.println("generate-events: wrote " + env + " (the generator will serve the SNS certificate at "
                + IntakeKeys.certHostPrefix(port) + "); start the intake with: env $(cat " + env + ") <intake command>");
    }

    /** --cert-port, else the port a previous run wrote to intake.env; null for neither. */
    private Integer certPort(Path keysDir) throws IOException {
        return opts.containsKey("cert-port") ? Integer.valueOf(opts.get("cert-port")) : IntakeKeys.certPortInEnv(keysDir);
    }

    private CertificateServer startCertificateServer(IntakeKeys keys, Path keysDir) throws IOException {
        Integer wanted = certPort(keysDir);
        Integer written = IntakeKeys.certPortInEnv(keysDir);
        CertificateServer server;
        try {
            server = new CertificateServer(wanted == null ? 0 : wanted, keys.snsCertificatePem());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serve the SNS certificate on port " + wanted + ": " + e.getMessage());
        }
        if (written == null || written != server.port()) {
            keys.writeEnv(keysDir, server.port());
            if (written != null) {
                out.println("generate-events: the SNS certificate port changed from " + written + " to " + server.port()
                        + "; restart the intake with the new " + keysDir.resolve(IntakeKeys.ENV_FILE));
            }
        }
        out.println("generate-events: SNS signing certificate at " + server.certificateUrl() + "; the intake needs SNS_CERT_HOSTS="
                + IntakeKeys.certHostPrefix(server.port()) + " (in " + keysDir.resolve(IntakeKeys.ENV_FILE) + ")");
        return server;
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
