package dev.revguard.job;

import dev.revguard.job.ingest.ParseResult;
import dev.revguard.job.ingest.PostHogParser;
import dev.revguard.job.source.Parsed;
import dev.revguard.job.source.Reasons;
import dev.revguard.job.source.SourceParser;

/** Temporary adapter. */
final class LegacyPostHog implements SourceParser {
    private final PostHogParser p = new PostHogParser();

    @Override
    public Parsed parse(byte[] value) {
        ParseResult r = p.parse(value);
        return switch (r.kind()) {
            case EVENT -> Parsed.event(r.event());
            case INVALID -> Parsed.deadLetter(Reasons.UNPARSEABLE_JSON, r.error());
            default -> Parsed.ignored("x");
        };
    }
}
