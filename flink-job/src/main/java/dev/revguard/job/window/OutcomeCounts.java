package dev.revguard.job.window;

import dev.revguard.job.source.Outcome;

/** The seven outcome counts of one window or one evaluation. */
public record OutcomeCounts(
        long sent,
        long delivered,
        long bounced,
        long softBounced,
        long deferred,
        long dropped,
        long spamComplaints) {

    public static final OutcomeCounts ZERO = new OutcomeCounts(0, 0, 0, 0, 0, 0, 0);

    /** Counts from an array indexed by {@link Outcome#ordinal()}. */
    public static OutcomeCounts of(long[] byOutcome) {
        return new OutcomeCounts(byOutcome[0], byOutcome[1], byOutcome[2], byOutcome[3],
                byOutcome[4], byOutcome[5], byOutcome[6]);
    }

    /** Writes the seven counts into {@code a} from {@code offset} on, in the order of the fields (flat state arrays). */
    public void copyTo(long[] a, int offset) {
        a[offset] = sent;
        a[offset + 1] = delivered;
        a[offset + 2] = bounced;
        a[offset + 3] = softBounced;
        a[offset + 4] = deferred;
        a[offset + 5] = dropped;
        a[offset + 6] = spamComplaints;
    }

    public OutcomeCounts plus(OutcomeCounts o) {
        return new OutcomeCounts(sent + o.sent, delivered + o.delivered, bounced + o.bounced,
                softBounced + o.softBounced, deferred + o.deferred, dropped + o.dropped,
                spamComplaints + o.spamComplaints);
    }

    public long total() {
        return sent + delivered + bounced + softBounced + deferred + dropped + spamComplaints;
    }
}
