package dev.revguard.query.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headers every answer carries: a Content-Security-Policy that lets the page run only the service's own
 * scripts (the one inline script, the import map naming the ECharts WebJar, by its hash) and style sheets, never
 * be framed, not be sniffed into another type, and send no referrer; and HSTS when the service is served over
 * https ({@code PUBLIC_URL}). Style attributes are allowed ({@code style-src-attr}): ECharts' SVG renderer
 * writes its shapes' styles as attributes; no script can come of them.
 */
public final class SecurityHeaders {
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
    public static final String HSTS = "max-age=31536000; includeSubDomains";

    private final String policy;
    private final boolean https;

    public SecurityHeaders(String indexHtml, boolean https) {
        List<String> hashes = new ArrayList<>();
        Matcher m = INLINE_SCRIPT.matcher(indexHtml == null ? "" : indexHtml);
        while (m.find()) {
            hashes.add("'sha256-" + sha256(m.group(1)) + "'");
        }
        this.policy = "default-src 'self'; script-src 'self'" + (hashes.isEmpty() ? "" : " " + String.join(" ", hashes))
                + "; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' blob:; font-src 'self'; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        this.https = https;
    }

    /** The policy for the dashboard page as packaged in the jar ({@code /public/index.html}). */
    public static SecurityHeaders forDashboard(boolean https) {
        try (InputStream in = SecurityHeaders.class.getResourceAsStream("/public/index.html")) {
            return new SecurityHeaders(in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8), https);
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard page could not be read from the jar", e);
        }
    }

    public String policy() {
        return policy;
    }

    public void apply(Context ctx) {
        ctx.header("Content-Security-Policy", policy);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        if (https) {
            ctx.header("Strict-Transport-Security", HSTS);
        }
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
