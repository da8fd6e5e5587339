package dev.revguard.query.report;

import dev.revguard.common.settings.Settings;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where reports are e-mailed: {@code SMTP_URL} is {@code smtps://host[:465]} (TLS from the first byte),
 * {@code smtp://host[:587]} (STARTTLS, required: the server must offer it) or, for a relay on the same
 * host or network only, {@code smtp://host:25?starttls=off}. The credentials come from
 * {@code SMTP_USERNAME} and {@code SMTP_PASSWORD}, never from the URL; {@code SMTP_SSL_TRUST} names
 * hosts whose certificate is trusted as presented, without the JVM's trust store or a name check (a relay with a private
 * certificate). {@code REPORT_FROM} and {@code REPORT_RECIPIENTS} are required with a URL.
 */
public record SmtpSettings(
        String host,
        int port,
        Security security,
        String username,
        String password,
        String sslTrust,
        Duration timeout,
        InternetAddress from,
        List<InternetAddress> recipients) {

    public enum Security { TLS, STARTTLS, NONE }

    /** The settings, or null without {@code SMTP_URL} (reports are stored, not e-mailed). */
    public static SmtpSettings read(Settings s) {
        String url = s.raw("SMTP_URL");
        String username = s.raw("SMTP_USERNAME");
        String password = s.raw("SMTP_PASSWORD");
        String sslTrust = s.raw("SMTP_SSL_TRUST");
        Duration timeout = s.duration("SMTP_TIMEOUT", Duration.ofSeconds(20), Duration.ofMillis(100));
        String rawFrom = s.raw("REPORT_FROM");
        String rawRecipients = s.raw("REPORT_RECIPIENTS");
        if (url == null) {
            if (rawRecipients != null || rawFrom != null) {
                s.problem("REPORT_RECIPIENTS/REPORT_FROM: set, but SMTP_URL is not: reports would never be e-mailed "
                        + "(set SMTP_URL such as smtp://mail.example.com:587, or leave both unset)");
            }
            return null;
        }
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            s.problem("SMTP_URL=" + url + ": not a URL; expected smtps://host:465 or smtp://host:587");
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps") || u.getHost() == null) {
            s.problem("SMTP_URL=" + masked(url) + ": expected smtps://host:465 (TLS) or smtp://host:587 (STARTTLS)");
            return null;
        }
        if (u.getRawUserInfo() != null) {
            s.problem("SMTP_URL: holds credentials; put the user name in SMTP_USERNAME and the password in SMTP_PASSWORD");
            return null;
        }
        Security security = scheme.equals("smtps") ? Security.TLS : Security.STARTTLS;
        String query = u.getQuery();
        if (query != null) {
            if (scheme.equals("smtp") && query.equalsIgnoreCase("starttls=off")) {
                security = Security.NONE;
            } else {
                s.problem("SMTP_URL=" + url + ": the only option is ?starttls=off on smtp:// (a relay on a trusted network)");
            }
        }
        int port = u.getPort() > 0 ? u.getPort() : security == Security.TLS ? 465 : security == Security.STARTTLS ? 587 : 25;
        if ((username == null) != (password == null)) {
            s.problem("SMTP_USERNAME/SMTP_PASSWORD: set both or neither");
        }
        InternetAddress from = null;
        if (rawFrom == null) {
            s.problem("REPORT_FROM: required with SMTP_URL, the sender address such as revguard@example.com");
        } else {
            try {
                from = new InternetAddress(rawFrom, true);
            } catch (AddressException e) {
                s.problem("REPORT_FROM=" + rawFrom + ": not an e-mail address (" + e.getMessage() + ")");
            }
        }
        List<InternetAddress> recipients = List.of();
        if (rawRecipients == null || rawRecipients.isBlank()) {
            s.problem("REPORT_RECIPIENTS: required with SMTP_URL, comma-separated addresses such as ceo@example.com,cfo@example.com");
        } else {
            try {
                recipients = Arrays.stream(rawRecipients.split(",")).map(String::trim).filter(a -> !a.isEmpty())
                        .map(SmtpSettings::address).toList();
            } catch (IllegalArgumentException e) {
                s.problem("REPORT_RECIPIENTS: " + e.getMessage());
            }
        }
        return new SmtpSettings(u.getHost(), port, security, username, password, sslTrust, timeout, from, recipients);
    }

    private static InternetAddress address(String a) {
        try {
            return new InternetAddress(a, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("'" + a + "' is not an e-mail address (" + e.getMessage() + ")");
        }
    }

    private static String masked(String url) {
        return url.replaceAll("//[^/@]*@", "//****@");
    }

    public List<String> recipientList() {
        return recipients.stream().map(InternetAddress::getAddress).toList();
    }

    public void describeInto(Map<String, String> m) {
        m.put("SMTP_URL", (security == Security.TLS ? "smtps://" : "smtp://") + host + ":" + port
                + (security == Security.NONE ? "?starttls=off (no TLS)" : security == Security.TLS ? " (TLS)" : " (STARTTLS required)"));
        m.put("SMTP_USERNAME", username == null ? "(none)" : username);
        m.put("SMTP_PASSWORD", password == null ? "(none)" : "****");
        m.put("SMTP_SSL_TRUST", sslTrust == null ? "(the JVM's trust store)" : sslTrust);
        m.put("SMTP_TIMEOUT", Settings.format(timeout));
        m.put("REPORT_FROM", from.getAddress());
        m.put("REPORT_RECIPIENTS", String.join(",", recipientList()));
    }
}
