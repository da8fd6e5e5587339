package dev.revguard.query.intake;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verified {@code SubscriptionConfirmation}: with {@code SNS_AUTO_CONFIRM=true} its
 * {@code SubscribeURL} is fetched (only from SNS itself, as certificates are), else it is logged for
 * an operator to open.
 */
public final class SnsSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(SnsSubscriptions.class);

    private final boolean autoConfirm;
    private final SnsUrls urls;
    private final HttpClient http;
    private final Duration timeout;

    public SnsSubscriptions(boolean autoConfirm, SnsUrls urls, HttpClient http, Duration timeout) {
        this.autoConfirm = autoConfirm;
        this.urls = urls;
        this.http = http;
        this.timeout = timeout;
    }

    /** Confirms or logs; a failed confirmation is 503, so that SNS sends the confirmation again. */
    public void confirm(String topicArn, String subscribeUrl) {
        if (!urls.allowed(subscribeUrl)) {
            throw Refusal.unauthorized(Refusal.FOREIGN_CERT_URL, "SubscribeURL is not an Amazon SNS URL");
        }
        if (!autoConfirm) {
            LOG.info("SNS subscription of {} to this intake awaits confirmation (SNS_AUTO_CONFIRM=false): open {}",
                    topicArn, subscribeUrl);
            return;
        }
        int status;
        try {
            status = http.send(HttpRequest.newBuilder(URI.create(subscribeUrl)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("SNS subscription of {} could not be confirmed: {}", topicArn, e.toString());
            throw Refusal.unavailable(Refusal.CONFIRM_FAILED, "the subscription could not be confirmed; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.unavailable(Refusal.CONFIRM_FAILED, "interrupted while confirming the subscription");
        }
        if (status / 100 != 2) {
            LOG.warn("SNS subscription of {} not confirmed: SubscribeURL answered {}", topicArn, status);
            throw Refusal.unavailable(Refusal.CONFIRM_FAILED, "the subscription could not be confirmed; retry later");
        }
        LOG.info("SNS subscription of {} to this intake confirmed", topicArn);
    }
}
