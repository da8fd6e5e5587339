package dev.revguard.job.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * How alert notifications are delivered (see {@code notify/}); how alerts are decided is {@link AlertRules}.
 *
 * @param webhookUrls every URL a notification is POSTed to
 * @param secret the Standard Webhooks signing secret ({@code whsec_<base64>} or plain text)
 * @param retryHorizon how long after a notification was created delivery is retried
 * @param retryInitial the first retry delay; it doubles with every attempt, with jitter
 * @param retryMax the longest delay between two attempts
 * @param timeout how long one attempt waits for an answer
 * @param externalUrl the dashboard's address, for links in the notifications
 * @param replay record alert history, send nothing
 * @param escalationUrls where a critical alert nobody acknowledged is notified once more
 * @param escalateAfter how long (wall clock) a critical alert may stay unacknowledged
 * @param alertmanagerUrls Alertmanager base URLs the alerts are posted to ({@code <url>/api/v2/alerts})
 * @param alertmanagerResendInterval how often firing alerts are posted to Alertmanager again
 */
public record DeliverySettings(
        List<String> webhookUrls,
        String secret,
        Duration retryHorizon,
        Duration retryInitial,
        Duration retryMax,
        Duration timeout,
        String externalUrl,
        boolean replay,
        List<String> escalationUrls,
        Duration escalateAfter,
        List<String> alertmanagerUrls,
        Duration alertmanagerResendInterval) implements Serializable {

    /** Whether notifications are sent to webhooks. */
    public boolean delivers() {
        return !replay && !webhookUrls.isEmpty();
    }

    /** Whether critical alerts nobody acknowledged are notified once more. */
    public boolean escalates() {
        return !replay && !escalationUrls.isEmpty();
    }

    /** Whether alerts are posted to Alertmanager. */
    public boolean postsToAlertmanager() {
        return !replay && !alertmanagerUrls.isEmpty();
    }
}
