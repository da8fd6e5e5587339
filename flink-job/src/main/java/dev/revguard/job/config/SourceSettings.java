package dev.revguard.job.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How provider events are read and matched.
 *
 * @param providerTopic the topic of provider webhook events ({@code KAFKA_TOPIC_PROVIDERS})
 * @param ipAttributionWait how long in event time a provider outcome without a sending IP waits for
 *     an event of its message that names one ({@code IP_ATTRIBUTION_WAIT})
 * @param ipAttributionMemory how long a message's sending IP is remembered for its later outcomes
 *     ({@code IP_ATTRIBUTION_MEMORY})
 * @param dedupAcrossSources whether a PostHog outcome and a provider outcome of the same message,
 *     recipient domain and status count once ({@code DEDUP_ACROSS_SOURCES})
 * @param mailgunSigningKey when set, Mailgun bodies whose HMAC does not match are dead letters
 */
public record SourceSettings(String providerTopic, Duration ipAttributionWait, Duration ipAttributionMemory,
        boolean dedupAcrossSources, String mailgunSigningKey) implements Serializable {}
