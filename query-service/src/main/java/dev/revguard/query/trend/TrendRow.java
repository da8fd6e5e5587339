package dev.revguard.query.trend;

import java.time.Instant;

/** Window counts summed over one step. */
public record TrendRow(
        Instant bucket, long sent, long delivered, long bounced, long softBounced, long deferred, long dropped,
        long spamComplaints) {}
