package dev.revguard.job.bench;

import java.time.Instant;
import java.util.Random;

/**
 * Realistic PostHog {@code email_deliverability_event} records of about 400 bytes: traffic skewed
 * towards a few large accounts, sending domains and IPs per account, three providers, recipient
 * domains dominated by the big mailbox providers, outcome statuses in realistic proportions and
 * event times a few seconds out of order.
 */
public final class SyntheticEvents {
    private static final String[] PROVIDERS = {"sendgrid", "mailgun", "ses"};
    private static final String[] BIG_MAILBOXES = {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com"};
    // Cumulative probabilities of sent, delivered, bounced, soft_bounced, deferred, dropped, spam_complaint, opened.
    private static final String[] STATUSES = {"sent", "delivered", "bounced", "soft_bounced", "deferred", "dropped", "spam_complaint", "opened"};
    private static final double[] CUMULATIVE = {0.48, 0.90, 0.93, 0.945, 0.965, 0.97, 0.973, 1.0};

    private final Random random;
    private final int accounts;
    private final int domains;
    private final int ips;
    private final int recipientDomains;
    private final long startMillis;
    private final double eventsPerMillisecond;
    private long sequence;

    public SyntheticEvents(long seed, int accounts, int domains, int ips, int recipientDomains,
            Instant start, double eventsPerMinute) {
        this.random = new Random(seed);
        this.accounts = accounts;
        this.domains = domains;
        this.ips = ips;
        this.recipientDomains = recipientDomains;
        this.startMillis = start.toEpochMilli();
        this.eventsPerMillisecond = eventsPerMinute / 60_000.0;
    }

    /** A skewed pick in [0, n): low indexes are much more frequent, like real senders. */
    private int skewed(int n) {
        double u = random.nextDouble();
        return (int) (Math.pow(u, 3) * n);
    }

    private static String status(double u) {
        for (int i = 0; i < CUMULATIVE.length; i++) {
            if (u < CUMULATIVE[i]) return STATUSES[i];
        }
        return STATUSES[STATUSES.length - 1];
    }

    /** The next event's JSON, its event time advancing at the configured rate. */
    public String next() {
        long n = sequence++;
        long timestamp = startMillis + (long) (n / eventsPerMillisecond) - random.nextInt(3000);
        return event(n, timestamp, status(random.nextDouble()));
    }

    /** An event with a given status at a given time (for scenarios). */
    public String event(long n, long timestamp, String status) {
        int account = skewed(accounts);
        int domain = account % domains;
        int ip = (account * 7 + random.nextInt(3)) % ips;
        String provider = PROVIDERS[account % PROVIDERS.length];
        int r = skewed(recipientDomains + BIG_MAILBOXES.length);
        String recipient = r < BIG_MAILBOXES.length ? BIG_MAILBOXES[r] : "corp-" + (r - BIG_MAILBOXES.length) + ".example";
        String ts = Instant.ofEpochMilli(timestamp).toString();
        String uuid = String.format("018f%04x-%04x-7%03x-8%03x-%012x", account & 0xffff, domain & 0xffff,
                ip & 0xfff, random.nextInt(0xfff), n);
        return new StringBuilder(440)
                .append("{\"uuid\":\"").append(uuid)
                .append("\",\"event\":\"email_deliverability_event\",\"distinct_id\":\"acct-").append(account)
                .append("\",\"timestamp\":\"").append(ts)
                .append("\",\"team_id\":1,\"created_at\":\"").append(ts)
                .append("\",\"properties\":{\"status\":\"").append(status)
                .append("\",\"account_id\":\"acct-").append(account)
                .append("\",\"sending_domain\":\"mail").append(domain).append(".sender.example")
                .append("\",\"sending_ip\":\"198.51.").append(100 + ip / 250).append('.').append(ip % 250 + 1)
                .append("\",\"provider\":\"").append(provider)
                .append("\",\"recipient_domain\":\"").append(recipient)
                .append("\",\"message_id\":\"<").append(n).append(".").append(account).append("@mail").append(domain)
                .append(".sender.example>\",\"$lib\":\"posthog-java\",\"$lib_version\":\"1.2.0\"}}")
                .toString();
    }
}
