package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports e-mailed to a real SMTP server (GreenMail on a local port, with a login): the message as the recipients
 * get it (subject, recipients, the HTML body with its chart inline, the PDF attached and read back with Debian's
 * pdftotext); the server down: stored, retried with the doubling wait, delivered once it is back; and given up
 * after the last attempt. The clock is the test's: retries happen when it says so.
 */
class ReportMailIT {
    private static final String FROM = "revguard@example.com";
    private static final List<String> TO = List.of("ceo@example.com", "cfo@example.com");
    private static final String USER = "reports";
    private static final String PASSWORD = "smtp-pa55word";
    private static int port;
    private static TestData data;
    private static MutableClock clock;
    private static TestData.Instance service;

    @BeforeAll
    static void setUp() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        data = new TestData(false, Map.of(
                "SMTP_URL", "smtp://127.0.0.1:" + port + "?starttls=off",
                "SMTP_USERNAME", USER, "SMTP_PASSWORD", PASSWORD, "SMTP_TIMEOUT", "3s",
                "REPORT_FROM", FROM, "REPORT_RECIPIENTS", String.join(",", TO),
                "REPORT_RETRY_FIRST", "1m", "REPORT_RETRY_MAX", "4m", "REPORT_DELIVERY_ATTEMPTS", "3",
                "REPORT_CHECK_EVERY", "1h"));
        clock = new MutableClock(TestData.NOW);
        service = data.instance(clock);
        service.app().start(0);
    }

    @AfterAll
    static void tearDown() throws Exception {
        service.app().stop();
        service.close();
        data.close();
    }

    private static GreenMail smtp() {
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.setUser(FROM, USER, PASSWORD);
        mail.start();
        return mail;
    }

    private static long requestReport() throws Exception {
        JsonNode created = ReportApiTest.json(ReportApiTest.send(service.app(), "POST", "/api/v1/reports", TestData.OPERATOR,
                "{\"from\": \"2026-11-24T00:00:00Z\", \"to\": \"2026-11-24T12:00:00Z\", \"email\": true}"), 201);
        assertThat(created.at("/delivery/status").asText()).isEqualTo("pending");
        assertThat(created.at("/delivery/recipients")).hasSize(2);
        return created.get("report_id").asLong();
    }

    private static JsonNode entry(long id) throws Exception {
        return ReportApiTest.json(ReportApiTest.send(service.app(), "GET", "/api/v1/reports/" + id, TestData.VIEWER, null), 200);
    }

    private static String metrics() throws Exception {
        return new String(ReportApiTest.send(service.app(), "GET", "/metrics", TestData.VIEWER, null).body(),
                StandardCharsets.UTF_8);
    }

    /** The parts of a message, depth first. */
    private static List<Part> parts(Part p) throws Exception {
        List<Part> all = new ArrayList<>(List.of(p));
        if (p.getContent() instanceof Multipart m) {
            for (int i = 0; i < m.getCount(); i++) {
                BodyPart b = m.getBodyPart(i);
                all.addAll(parts(b));
            }
        }
        return all;
    }

    private static byte[] bytes(Part p) throws Exception {
        try (InputStream in = p.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static String pdftotext(byte[] pdf) throws Exception {
        Path file = Files.createTempFile("report", ".pdf");
        Files.write(file, pdf);
        Process p = new ProcessBuilder("pdftotext", "-layout", file.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(text).isZero();
        Files.delete(file);
        // the embedded font prints fi, ffi as ligatures (PDFBox applies the font's own); read them as letters
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
    }

    @Test
    void theRecipientsGetThePageWithTheChartAndThePdfStatingTheApisFigures() throws Exception {
        GreenMail mail = smtp();
        try {
            long id = requestReport();
            assertThat(service.reports().delivery().runDue()).isEqualTo(1);
            assertThat(mail.waitForIncomingEmail(5000, 2)).isTrue();
            MimeMessage[] received = mail.getReceivedMessages();
            assertThat(received).hasSize(2); // one copy per recipient

            JsonNode entry = entry(id);
            JsonNode figures = entry.get("figures");
            assertThat(entry.at("/delivery/status").asText()).isEqualTo("sent");
            assertThat(entry.at("/delivery/attempts").asInt()).isEqualTo(1);
            assertThat(entry.at("/delivery/delivered_at").asText()).isEqualTo(TestData.NOW.toString());
            String score = String.format(java.util.Locale.US, "%.1f", figures.at("/health/score").asDouble());

            MimeMessage m = received[0];
            assertThat(m.getSubject()).isEqualTo(figures.get("subject").asText())
                    .startsWith("revguard executive report Tue 24 Nov 2026").contains("health " + score);
            assertThat(m.getFrom()[0].toString()).isEqualTo(FROM);
            assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                    .containsExactlyElementsOf(TO);

            List<Part> parts = parts(m);
            Part html = parts.stream().filter(p -> is(p, "text/html")).findFirst().orElseThrow();
            String page = (String) html.getContent();
            assertThat(page).contains("cid:revenue-risk-chart@revguard").doesNotContain("data:image/png");
            Part chart = parts.stream().filter(p -> is(p, "image/png")).findFirst().orElseThrow();
            assertThat(((jakarta.mail.internet.MimePart) chart).getContentID()).isEqualTo("<revenue-risk-chart@revguard>");
            assertThat(bytes(chart)).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            Part pdf = parts.stream().filter(p -> is(p, "application/pdf")).findFirst().orElseThrow();
            assertThat(pdf.getDisposition()).isEqualTo(Part.ATTACHMENT);
            assertThat(pdf.getFileName()).isEqualTo("revguard-report-2026-11-24-to-2026-11-24.pdf");
            String text = pdftotext(bytes(pdf));
            assertThat(text).contains("Executive report").contains(score);
            for (JsonNode kpi : figures.get("kpis")) {
                assertThat(page).contains(ReportApiTest.printed(kpi, "value"));
                assertThat(text).as(kpi.get("kpi").asText()).contains(kpi.get("label").asText())
                        .contains(ReportApiTest.printed(kpi, "value"));
            }
            assertThat(metrics()).contains("revguard_report_deliveries_total{outcome=\"sent\"} 1.0");
        } finally {
            mail.stop();
        }
    }

    private static boolean is(Part p, String type) {
        try {
            return p.isMimeType(type);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void smtpDownKeepsTheReportAndRetriesUntilItIsBack() throws Exception {
        long id = requestReport();
        assertThat(service.reports().delivery().runDue()).isZero(); // nothing listens on the port
        JsonNode entry = entry(id);
        assertThat(entry.at("/delivery/status").asText()).isEqualTo("retrying");
        assertThat(entry.at("/delivery/attempts").asInt()).isEqualTo(1);
        assertThat(entry.at("/delivery/last_error").asText()).containsIgnoringCase("connect");
        assertThat(entry.at("/delivery/next_attempt_at").asText()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)).toString());
        // the report itself is stored and served whatever the mail does
        HttpResponse<byte[]> pdf = ReportApiTest.send(service.app(), "GET", "/api/v1/reports/" + id + ".pdf", TestData.VIEWER, null);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(metrics()).contains("revguard_reports_undelivered ").contains("revguard_report_deliveries_total{outcome=\"retrying\"}");

        clock.advance(Duration.ofSeconds(30)); // before the next attempt: nothing is tried
        assertThat(service.reports().delivery().runDue()).isZero();
        assertThat(entry(id).at("/delivery/attempts").asInt()).isEqualTo(1);

        GreenMail mail = smtp();
        try {
            clock.advance(Duration.ofSeconds(31));
            assertThat(service.reports().delivery().runDue()).isEqualTo(1);
            assertThat(mail.waitForIncomingEmail(5000, 2)).isTrue();
            assertThat(mail.getReceivedMessages()).hasSize(2);
            JsonNode sent = entry(id);
            assertThat(sent.at("/delivery/status").asText()).isEqualTo("sent");
            assertThat(sent.at("/delivery/attempts").asInt()).isEqualTo(2);
            assertThat(sent.at("/delivery/last_error").isNull()).isTrue();
            assertThat(service.reports().delivery().runDue()).isZero(); // sent once, never again
        } finally {
            mail.stop();
        }
    }

    @Test
    void afterTheLastAttemptTheDeliveryIsFailedAndSaysWhy() throws Exception {
        long id = requestReport();
        assertThat(service.reports().delivery().runDue()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(service.reports().delivery().runDue()).isZero();
        JsonNode second = entry(id);
        assertThat(second.at("/delivery/attempts").asInt()).isEqualTo(2);
        assertThat(second.at("/delivery/next_attempt_at").asText()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)).toString());
        clock.advance(Duration.ofMinutes(2));
        assertThat(service.reports().delivery().runDue()).isZero();
        JsonNode failed = entry(id);
        assertThat(failed.at("/delivery/status").asText()).isEqualTo("failed");
        assertThat(failed.at("/delivery/attempts").asInt()).isEqualTo(3);
        assertThat(failed.at("/delivery/next_attempt_at").isNull()).isTrue();
        assertThat(failed.at("/delivery/last_error").asText()).containsIgnoringCase("connect");
        assertThat(metrics()).contains("revguard_report_deliveries_total{outcome=\"failed\"} 1.0");
        clock.advance(Duration.ofHours(1));
        assertThat(service.reports().delivery().runDue()).isZero();
        assertThat(entry(id).at("/delivery/attempts").asInt()).isEqualTo(3);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Delivery through an instance of its own with {@code settings}, against {@code server} on {@code port}. */
    private static JsonNode deliverWith(Map<String, String> settings) throws Exception {
        java.util.Map<String, String> all = new java.util.HashMap<>(settings);
        all.putAll(Map.of("REPORT_FROM", FROM, "REPORT_RECIPIENTS", TO.get(0), "SMTP_TIMEOUT", "5s", "REPORT_CHECK_EVERY", "1h"));
        try (TestData own = new TestData(false, all); TestData.Instance i = own.instance(new MutableClock(TestData.NOW))) {
            i.app().start(0);
            try {
                long id = ReportApiTest.json(ReportApiTest.send(i.app(), "POST", "/api/v1/reports", TestData.OPERATOR,
                        "{\"from\": \"2026-11-24T00:00:00Z\", \"to\": \"2026-11-24T12:00:00Z\", \"email\": true}"), 201)
                        .get("report_id").asLong();
                i.reports().delivery().runDue();
                return ReportApiTest.json(ReportApiTest.send(i.app(), "GET", "/api/v1/reports/" + id, TestData.VIEWER, null), 200);
            } finally {
                i.app().stop();
            }
        }
    }

    @Test
    void tlsFromTheFirstByteWithTheServersPrivateCertificateTrustedByName() throws Exception {
        int tlsPort = freePort();
        GreenMail mail = new GreenMail(new ServerSetup(tlsPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        mail.setUser(FROM, USER, PASSWORD);
        mail.start();
        try {
            JsonNode untrusted = deliverWith(Map.of("SMTP_URL", "smtps://127.0.0.1:" + tlsPort, "SMTP_USERNAME", USER,
                    "SMTP_PASSWORD", PASSWORD));
            // GreenMail's self-signed certificate is not in the JVM's trust store: refused, kept, to be retried
            assertThat(untrusted.at("/delivery/status").asText()).isEqualTo("retrying");
            assertThat(untrusted.at("/delivery/last_error").asText()).containsIgnoringCase("certificat");
            assertThat(mail.getReceivedMessages()).isEmpty();

            JsonNode trusted = deliverWith(Map.of("SMTP_URL", "smtps://127.0.0.1:" + tlsPort, "SMTP_USERNAME", USER,
                    "SMTP_PASSWORD", PASSWORD, "SMTP_SSL_TRUST", "127.0.0.1"));
            assertThat(trusted.at("/delivery/status").asText()).as(trusted.at("/delivery").toString()).isEqualTo("sent");
            assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        } finally {
            mail.stop();
        }
    }

    @Test
    void aServerWithoutStartTlsOrWithAnotherPasswordIsRefusedAndSaysWhy() throws Exception {
        GreenMail mail = smtp();
        try {
            JsonNode noTls = deliverWith(Map.of("SMTP_URL", "smtp://127.0.0.1:" + port, "SMTP_USERNAME", USER,
                    "SMTP_PASSWORD", PASSWORD));
            assertThat(noTls.at("/delivery/status").asText()).isEqualTo("retrying");
            assertThat(noTls.at("/delivery/last_error").asText()).containsIgnoringCase("STARTTLS");
            JsonNode badLogin = deliverWith(Map.of("SMTP_URL", "smtp://127.0.0.1:" + port + "?starttls=off",
                    "SMTP_USERNAME", USER, "SMTP_PASSWORD", "not-the-password"));
            assertThat(badLogin.at("/delivery/status").asText()).isEqualTo("retrying");
            assertThat(badLogin.at("/delivery/last_error").asText()).containsIgnoringCase("auth")
                    .doesNotContain("not-the-password");
            assertThat(mail.getReceivedMessages()).isEmpty();
        } finally {
            mail.stop();
        }
    }
}
