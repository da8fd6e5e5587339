package dev.revguard.job.source;

/**
 * One delivery outcome as a source reported it, the same for every source.
 *
 * <p>A dimension the event does not carry is null here and counted under {@code unknown}; a
 * provider event's missing {@code sendingIp} is first given the IP its message's other events name
 * (see {@code dedup.MatchMessages}).
 *
 * @param eventId the source's own id for the event ({@code uuid}, {@code sg_event_id},
 *     {@code event-data.id}, SES {@code messageId:type:recipient}); see {@link #dedupKey()}
 * @param timestamp event time, epoch milliseconds (truncated, never rounded)
 * @param source where it came from: {@link Sources#POSTHOG} or a provider's name
 * @param messageId the provider message id, normalised by {@link MessageIds#normalise}; null when
 *     the event names none
 */
public record DeliveryEvent(
        String eventId,
        long timestamp,
        Outcome outcome,
        String accountId,
        String sendingDomain,
        String sendingIp,
        String provider,
        String recipientDomain,
        String source,
        String messageId) {

    /**
     * The key duplicates share: PostHog's {@code uuid} as it is (the key the job has always
     * used), a provider's event id behind its provider's name, so ids of two sources never meet.
     */
    public String dedupKey() {
        return Sources.POSTHOG.equals(source) ? eventId : source + ":" + eventId;
    }

    /** The same event under another sending IP. */
    public DeliveryEvent withSendingIp(String ip) {
        return new DeliveryEvent(eventId, timestamp, outcome, accountId, sendingDomain, ip, provider,
                recipientDomain, source, messageId);
    }

    /** True for a provider's event (PostHog events neither give nor take a sending IP). */
    public boolean fromProvider() {
        return !Sources.POSTHOG.equals(source);
    }
}
