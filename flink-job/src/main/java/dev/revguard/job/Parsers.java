package dev.revguard.job;

import dev.revguard.job.ingest.ParserFactory;
import dev.revguard.job.source.Sources;
import dev.revguard.job.source.posthog.PostHogParser;
import dev.revguard.job.source.mailgun.MailgunParser;
import dev.revguard.job.source.sendgrid.SendGridParser;
import dev.revguard.job.source.ses.SesParser;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parser of every source, one line each: a new source is a package under {@code source/} and
 * a line here. Parsers get plain values, never the settings object.
 */
public final class Parsers {
    private Parsers() {}

    public static final String POSTHOG = Sources.POSTHOG;

    /** {@code posthog-events}: every record is PostHog's. */
    public static Map<String, ParserFactory> posthog() {
        return Map.of(Sources.POSTHOG, PostHogParser::new);
    }

    /** {@code provider-events}: the record key names the provider. */
    public static Map<String, ParserFactory> providers(String mailgunSigningKey) {
        Map<String, ParserFactory> m = new LinkedHashMap<>();
        m.put(Sources.SENDGRID, SendGridParser::new);
        m.put(Sources.MAILGUN, () -> new MailgunParser(mailgunSigningKey));
        m.put(Sources.SES, SesParser::new);
        return m;
    }
}
