package dev.revguard.job.source;

import java.util.List;

/** The names of the sources, as record keys, dimension values and metric labels use them. */
public final class Sources {
    private Sources() {}

    public static final String POSTHOG = "posthog";
    public static final String SENDGRID = "sendgrid";
    public static final String MAILGUN = "mailgun";
    public static final String SES = "ses";

    public static final List<String> PROVIDERS = List.of(SENDGRID, MAILGUN, SES);

    /**
     * The provider a {@code provider-events} record key names: the key itself ({@code ses}) or the
     * part before its first colon ({@code sendgrid:<event id>}); null for anything else.
     */
    public static String providerOfKey(String key) {
        if (key == null) {
            return null;
        }
        int colon = key.indexOf(':');
        String p = colon < 0 ? key : key.substring(0, colon);
        return PROVIDERS.contains(p) ? p : null;
    }
}
