package dev.revguard.job.alert;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * How alerts are decided and delivered.
 *
 * @param webhookUrls every URL a notification is POSTed to
 * @param secret the Standard Webhooks signing secret ({@code whsec_<base64>} or plain text)
 * @param hold how long (event time) a new severity must hold before it becomes a transition
 * @param repeatInterval how often (event time) an unacknowledged firing alert is notified again
 * @param retryHorizon how long after a notification was created delivery is retried
 * @param retryInitial the first retry delay; it doubles with every attempt, with jitter
 * @param retryMax the longest delay between two attempts
 * @param timeout how long one attempt waits for an answer
 * @param externalUrl the dashboard's address, for links in the notifications
 * @param replay record alert history, send nothing
 */
public record AlertSettings(
        List<String> webhookUrls,
        String secret,
        Duration hold,
        Duration repeatInterval,
        Duration retryHorizon,
        Duration retryInitial,
        Duration retryMax,
        Duration timeout,
        String externalUrl,
        boolean replay) implements Serializable {

    public static final String RECEIVER = "revguard";

    /** Whether notifications leave the job at all. */
    public boolean delivers() {
        return !replay && !webhookUrls.isEmpty();
    }
}
