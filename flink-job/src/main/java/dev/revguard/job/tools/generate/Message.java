package dev.revguard.job.tools.generate;

import dev.revguard.job.source.Outcome;
import java.util.List;

/**
 * One email as the generator lives it: who sent it from where to whom, and what happened to it
 * when. {@code source} is who reports it (a provider's webhook, or PostHog); {@code provider} is
 * who sent it. A shape renders each step as its source's record.
 */
public record Message(String source, String provider, int accountIndex, String account, String domain, String ip,
                      String recipient, String recipientDomain, String campaign, List<Step> steps) {

    /** One event of the message: its outcome and its event time (epoch milliseconds). */
    public record Step(Outcome outcome, long at) {}

    public long sentAt() {
        return steps.get(0).at();
    }
}
