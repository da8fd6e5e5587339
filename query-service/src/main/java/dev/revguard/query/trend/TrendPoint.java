package dev.revguard.query.trend;

import java.time.Instant;

/** Counts and rates of one step of a trend. */
public record TrendPoint(
        Instant start,
        long sent,
        long delivered,
        long bounced,
        long softBounced,
        long deferred,
        long dropped,
        long spamComplaints,
        Double bounceRate,
        Double spamRate,
        Double deliverabilityRate) {

    static TrendPoint of(TrendRow r) {
        return new TrendPoint(r.bucket(), r.sent(), r.delivered(), r.bounced(), r.softBounced(), r.deferred(),
                r.dropped(), r.spamComplaints(), ratio(r.bounced(), r.sent()), ratio(r.spamComplaints(), r.delivered()),
                ratio(r.delivered(), r.sent()));
    }

    private static Double ratio(long n, long d) {
        return d == 0 ? null : (double) n / d;
    }
}
