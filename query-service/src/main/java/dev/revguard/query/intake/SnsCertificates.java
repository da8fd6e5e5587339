package dev.revguard.query.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SNS signing certificates by {@code SigningCertURL}, fetched once and kept while valid (SNS
 * rotates them under new URLs). Concurrent requests for one URL share a single fetch; a failed
 * fetch is not kept.
 */
public final class SnsCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(SnsCertificates.class);
    private static final int MAX_CERT_BYTES = 64 * 1024;
    private static final int MAX_CACHED = 64;

    private final SnsUrls urls;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, CompletableFuture<X509Certificate>> cache = new ConcurrentHashMap<>();

    public SnsCertificates(SnsUrls urls, HttpClient http, Duration timeout, Clock clock) {
        this.urls = urls;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The certificate at {@code url}: 401 when the URL is not SNS's or holds no valid certificate, 503 when unreachable. */
    public X509Certificate get(String url) {
        if (!urls.allowed(url)) {
            throw Refusal.unauthorized(Refusal.FOREIGN_CERT_URL, "SigningCertURL is not an Amazon SNS URL");
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        CompletableFuture<X509Certificate> mine = new CompletableFuture<>();
        CompletableFuture<X509Certificate> existing = cache.putIfAbsent(url, mine);
        if (existing == null) {
            try {
                mine.complete(fetch(url));
            } catch (RuntimeException e) {
                cache.remove(url, mine);
                mine.completeExceptionally(e);
            }
        }
        CompletableFuture<X509Certificate> f = existing == null ? mine : existing;
        X509Certificate cert;
        try {
            cert = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.unavailable(Refusal.CERT_UNAVAILABLE, "interrupted while fetching the SNS certificate");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Refusal r ? r : Refusal.unavailable(Refusal.CERT_UNAVAILABLE, "the SNS certificate could not be fetched");
        }
        try {
            cert.checkValidity(Date.from(clock.instant()));
        } catch (CertificateException e) {
            cache.remove(url, f);
            throw Refusal.unauthorized(Refusal.BAD_CERTIFICATE, "the SNS signing certificate is expired or not yet valid");
        }
        return cert;
    }

    private X509Certificate fetch(String url) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("SNS signing certificate {} could not be fetched: {}", url, e.toString());
            throw Refusal.unavailable(Refusal.CERT_UNAVAILABLE, "the SNS certificate could not be fetched; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.unavailable(Refusal.CERT_UNAVAILABLE, "interrupted while fetching the SNS certificate");
        }
        try (InputStream in = response.body()) {
            byte[] pem = in.readNBytes(MAX_CERT_BYTES + 1);
            if (response.statusCode() != 200 || pem.length > MAX_CERT_BYTES) {
                LOG.info("SNS signing certificate {} answered {} ({} bytes)", url, response.statusCode(), pem.length);
                throw Refusal.unauthorized(Refusal.BAD_CERTIFICATE, "SigningCertURL does not hold a certificate");
            }
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        } catch (IOException e) {
            throw Refusal.unavailable(Refusal.CERT_UNAVAILABLE, "the SNS certificate could not be read; retry later");
        } catch (CertificateException | ClassCastException e) {
            throw Refusal.unauthorized(Refusal.BAD_CERTIFICATE, "SigningCertURL does not hold an X.509 certificate");
        }
    }
}
