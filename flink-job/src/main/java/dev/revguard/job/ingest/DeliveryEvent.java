package dev.revguard.job.ingest;

/**
 * One valid delivery outcome, as the job counts it.
 *
 * @param eventId the id duplicates share (PostHog {@code uuid})
 * @param timestamp event time, epoch milliseconds
 */
public record DeliveryEvent(
        String eventId,
        long timestamp,
        Outcome outcome,
        String accountId,
        String sendingDomain,
        String sendingIp,
        String provider,
        String recipientDomain) {}
