package dev.revguard.query.intake;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the SES intake may fetch from: a signing certificate or a subscription URL is fetched only
 * from Amazon SNS itself ({@code https://sns.<region>.amazonaws.com/}), or from a prefix of
 * {@code SNS_CERT_HOSTS} (tests), so a forged message cannot point the intake at a key of its own
 * or make it fetch arbitrary URLs.
 */
public final class SnsUrls {
    private static final Pattern AWS = Pattern.compile("https://sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[^@\\\\]*");

    private final List<URI> extraPrefixes;

    public SnsUrls(List<URI> extraPrefixes) {
        this.extraPrefixes = List.copyOf(extraPrefixes);
    }

    public boolean allowed(String url) {
        if (url == null) {
            return false;
        }
        if (AWS.matcher(url).matches()) {
            return true;
        }
        URI u;
        try {
            u = new URI(url);
        } catch (Exception e) {
            return false;
        }
        if (u.getRawUserInfo() != null || u.getScheme() == null || u.getHost() == null) {
            return false;
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        for (URI p : extraPrefixes) {
            if (p.getScheme().equals(u.getScheme().toLowerCase(Locale.ROOT))
                    && p.getHost().equalsIgnoreCase(u.getHost())
                    && port(p) == port(u)
                    && path.startsWith(p.getRawPath())
                    && !path.contains("/../")) {
                return true;
            }
        }
        return false;
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** A prefix of {@code SNS_CERT_HOSTS}, normalised to end its path with a slash; null when not an http(s) URL. */
    static URI prefix(String text) {
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (!("http".equals(scheme) || "https".equals(scheme)) || u.getHost() == null || u.getRawUserInfo() != null
                    || u.getRawQuery() != null) {
                return null;
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (!path.endsWith("/")) {
                path = path + "/";
            }
            return new URI(scheme + "://" + u.getRawAuthority() + path);
        } catch (Exception e) {
            return null;
        }
    }
}
