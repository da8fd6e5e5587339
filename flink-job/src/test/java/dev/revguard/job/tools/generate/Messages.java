package dev.revguard.job.tools.generate;

import dev.revguard.job.source.Outcome;
import java.util.ArrayList;
import java.util.List;

/** Hand-made messages for the shape tests. */
final class Messages {
    private Messages() {}

    static final long T0 = 1_772_460_300_000L; // 2026-03-02T14:05:00Z

    /** A message of {@code source} whose steps have these outcomes, ten seconds apart. */
    static Message of(String source, String provider, String campaign, Outcome... outcomes) {
        List<Message.Step> steps = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            steps.add(new Message.Step(outcomes[i], T0 + 123 + i * 10_000L));
        }
        return new Message(source, provider, 3, "acct-3", "mail3.acme-3.example", "198.51.100.10",
                "user-42@gmail.com", "gmail.com", campaign, steps);
    }
}
