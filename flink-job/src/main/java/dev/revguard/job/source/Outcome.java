package dev.revguard.job.source;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A delivery outcome that revguard counts. Engagement statuses are not outcomes. */
public enum Outcome {
    SENT("sent"),
    DELIVERED("delivered"),
    BOUNCED("bounced"),
    SOFT_BOUNCED("soft_bounced"),
    DEFERRED("deferred"),
    DROPPED("dropped"),
    SPAM_COMPLAINT("spam_complaint");

    /** Statuses PostHog may carry that say something about engagement, not delivery: ignored. */
    public static final Set<String> ENGAGEMENT_STATUSES =
            Set.of("opened", "open", "clicked", "click", "unsubscribed", "unsubscribe",
                    "group_unsubscribe", "group_resubscribe", "resubscribed");

    private static final Map<String, Outcome> BY_STATUS = Map.of(
            "sent", SENT, "delivered", DELIVERED, "bounced", BOUNCED, "soft_bounced", SOFT_BOUNCED,
            "deferred", DEFERRED, "dropped", DROPPED, "spam_complaint", SPAM_COMPLAINT);

    private final String status;

    Outcome(String status) {
        this.status = status;
    }

    public String status() {
        return status;
    }

    /** The outcome for a status string, or null when the status is not a delivery outcome. */
    public static Outcome fromStatus(String status) {
        Outcome o = BY_STATUS.get(status);
        return o != null ? o : BY_STATUS.get(status.toLowerCase(Locale.ROOT));
    }
}
