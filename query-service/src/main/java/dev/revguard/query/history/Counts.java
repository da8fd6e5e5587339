package dev.revguard.query.history;

/** The seven outcome counts of one dimension value over a time range, and the rates they give. */
public record Counts(
        String dimensionValue, long sent, long delivered, long bounced, long softBounced, long deferred, long dropped,
        long spamComplaints) {

    public static Counts none(String value) {
        return new Counts(value, 0, 0, 0, 0, 0, 0, 0);
    }

    /** bounced / sent, null without sends. */
    public Double bounceRate() {
        return ratio(bounced, sent);
    }

    /** spam complaints / delivered (mailbox providers count complaints against delivered mail), null without deliveries. */
    public Double spamRate() {
        return ratio(spamComplaints, delivered);
    }

    /** delivered / sent, null without sends. */
    public Double deliverabilityRate() {
        return ratio(delivered, sent);
    }

    static Double ratio(long n, long d) {
        return d == 0 ? null : (double) n / d;
    }
}
