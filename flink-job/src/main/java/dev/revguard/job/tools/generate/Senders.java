package dev.revguard.job.tools.generate;

import dev.revguard.job.source.Outcome;
import dev.revguard.job.source.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The senders behind the traffic (accounts with their domains and IPs, the mailboxes they send to)
 * and each message's life: it is sent, then delivered, bounced, soft-bounced, deferred (and later
 * delivered or given up) or dropped, and a delivered message sometimes draws a complaint. The
 * scenario bends the proportions for one domain or one IP.
 */
public final class Senders {
    public static final String DEGRADING_DOMAIN = "mail.degrading.example";
    public static final String SPIKING_IP = "198.51.100.66";
    private static final String[] MAILBOXES = {"gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "proton.me"};
    private static final String[] CAMPAIGNS = {"receipts", "weekly-digest", "spring-launch", "password-reset", "onboarding"};

    static final double SOFT_BOUNCE_RATE = 0.01;
    static final double DEFERRAL_RATE = 0.01;
    static final double DROP_RATE = 0.002;
    static final double BASE_BOUNCE_RATE = 0.01;
    static final double BASE_SPAM_RATE = 0.0008;

    private final int accounts;
    private final int domains;
    private final int ips;
    private final Scenario scenario;

    public Senders(int accounts, int domains, int ips, Scenario scenario) {
        if (accounts < 1 || domains < 1 || ips < 1) {
            throw new IllegalArgumentException("--accounts, --domains and --ips must be at least 1");
        }
        this.accounts = accounts;
        this.domains = domains;
        this.ips = ips;
        this.scenario = scenario;
    }

    /**
     * A message sent at {@code t}, {@code minute} minutes into the scenario, reported by
     * {@code source}. Its steps are in event-time order; the first is the send.
     */
    public Message next(long t, double minute, String source, Random random) {
        int account = (int) (Math.pow(random.nextDouble(), 2) * accounts);
        boolean degrading = scenario == Scenario.DOMAIN_DEGRADES && random.nextDouble() < 0.15;
        String domain = degrading ? DEGRADING_DOMAIN : "mail" + (account % domains) + ".acme-" + account % 7 + ".example";
        String ip = scenario == Scenario.SPAM_SPIKE && random.nextDouble() < 0.1 ? SPIKING_IP
                : "198.51.100." + (1 + (account * 3 + random.nextInt(2)) % ips);
        double bounce = BASE_BOUNCE_RATE;
        double spam = BASE_SPAM_RATE;
        if (degrading) {
            bounce = minute < 1 ? 0.01 : minute < 2 ? 0.07 : minute < 3 ? 0.12 : minute < 6 ? 0.25 : 0.01;
        }
        if (ip.equals(SPIKING_IP) && minute >= 1 && minute < 4) {
            spam = 0.04;
        }
        // The degrading domain belongs to one account, as a customer's domain does.
        String acct = degrading ? "acct-degrading" : "acct-" + account;
        int accountIndex = degrading ? accounts : account;
        String provider = Sources.PROVIDERS.contains(source) ? source
                : Sources.PROVIDERS.get(account % Sources.PROVIDERS.size());
        String mailbox = MAILBOXES[(int) (Math.pow(random.nextDouble(), 2) * MAILBOXES.length)];
        String recipient = "user-" + random.nextInt(1_000_000) + "@" + mailbox;
        String campaign = CAMPAIGNS[accountIndex % CAMPAIGNS.length];
        return new Message(source, provider, accountIndex, acct, domain, ip, recipient, mailbox, campaign,
                steps(t, bounce, spam, random));
    }

    /** The message's events: the send, its outcome (a deferral is followed by a retry's), maybe a complaint. */
    static List<Message.Step> steps(long t, double bounce, double spam, Random random) {
        List<Message.Step> steps = new ArrayList<>(3);
        steps.add(new Message.Step(Outcome.SENT, t));
        double r = random.nextDouble();
        if (r < bounce) {
            steps.add(new Message.Step(Outcome.BOUNCED, t + between(random, 1_000, 10_000)));
        } else if (r < bounce + SOFT_BOUNCE_RATE) {
            steps.add(new Message.Step(Outcome.SOFT_BOUNCED, t + between(random, 2_000, 20_000)));
        } else if (r < bounce + SOFT_BOUNCE_RATE + DEFERRAL_RATE) {
            long deferred = t + between(random, 5_000, 60_000);
            steps.add(new Message.Step(Outcome.DEFERRED, deferred));
            // The provider retries for minutes; most deferred mail gets through in the end.
            long retry = deferred + between(random, 180_000, 600_000);
            double q = random.nextDouble();
            Outcome last = q < 0.85 ? Outcome.DELIVERED : q < 0.95 ? Outcome.SOFT_BOUNCED : Outcome.BOUNCED;
            steps.add(new Message.Step(last, retry));
        } else if (r < bounce + SOFT_BOUNCE_RATE + DEFERRAL_RATE + DROP_RATE) {
            steps.add(new Message.Step(Outcome.DROPPED, t + between(random, 100, 1_000)));
        } else {
            steps.add(new Message.Step(Outcome.DELIVERED, t + between(random, 1_000, 8_000)));
        }
        Message.Step last = steps.get(steps.size() - 1);
        if (last.outcome() == Outcome.DELIVERED && random.nextDouble() < spam) {
            steps.add(new Message.Step(Outcome.SPAM_COMPLAINT, last.at() + between(random, 10_000, 120_000)));
        }
        return steps;
    }

    private static long between(Random random, long from, long to) {
        return from + (long) (random.nextDouble() * (to - from));
    }
}
