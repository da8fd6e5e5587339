package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/reports}, the list, the entry with its figures, the PDF and the page, against the real
 * PostgreSQL: the PDF's text states the health score and every KPI exactly as the API answers them, and the
 * health score is the summary's at generation time.
 */
class ReportApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestData data;

    @BeforeAll
    static void setUp() throws Exception {
        data = new TestData(false);
    }

    @AfterAll
    static void tearDown() throws Exception {
        data.close();
    }

    private static Javalin app() {
        return data.app(Clock.fixed(TestData.NOW, ZoneOffset.UTC));
    }

    static HttpResponse<byte[]> send(Javalin server, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> r, int status) throws Exception {
        String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        return JSON.readTree(body);
    }

    /** A KPI's value as a reader sees it printed, from the API's number. */
    static String printed(JsonNode kpi, String field) {
        JsonNode v = kpi.get(field);
        if (v == null || v.isNull()) return "–";
        return switch (kpi.get("unit").asText()) {
            case "ratio" -> String.format(Locale.US, "%.2f %%", v.asDouble() * 100);
            case "usd" -> kpi.get("kpi").asText().equals("cost_per_email_usd") ? String.format(Locale.US, "$%.6f", v.asDouble())
                    : String.format(Locale.US, "$%,.2f", v.asDouble());
            case "count" -> String.format(Locale.US, "%,d", v.asLong());
            default -> String.format(Locale.US, "%.1f", v.asDouble());
        };
    }

    static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void anOperatorMakesOneAndEveryoneReadsIt() throws Exception {
        JavalinTest.test(app(), (server, client) -> {
            String body = "{\"from\": \"2026-11-24T00:00:00Z\", \"to\": \"2026-11-24T12:00:00Z\"}";
            JsonNode created = json(send(server, "POST", "/api/v1/reports", TestData.OPERATOR, body), 201);
            long id = created.get("report_id").asLong();
            assertThat(created.get("origin").asText()).isEqualTo("request");
            assertThat(created.get("requested_by").asText()).isEqualTo("alice");
            assertThat(created.at("/period/from").asText()).isEqualTo("2026-11-24T00:00:00Z");
            assertThat(created.at("/delivery/status").asText()).isEqualTo("not_requested");
            assertThat(created.at("/links/pdf").asText()).isEqualTo("/api/v1/reports/" + id + ".pdf");

            JsonNode list = json(send(server, "GET", "/api/v1/reports", TestData.VIEWER, null), 200);
            assertThat(list.at("/reports/0/report_id").asLong()).isEqualTo(id);

            JsonNode entry = json(send(server, "GET", "/api/v1/reports/" + id, TestData.VIEWER, null), 200);
            JsonNode figures = entry.get("figures");
            JsonNode summary = json(send(server, "GET", "/api/v1/summary", TestData.VIEWER, null), 200);
            double score = figures.at("/health/score").asDouble();
            assertThat(score).isEqualTo(summary.at("/health/score").asDouble());
            assertThat(entry.get("health_score").asDouble()).isEqualTo(score);
            assertThat(figures.get("kpis")).hasSize(8);
            // the period's own counts: 12:00 - 00:00 holds the two hours of minute windows, 10:00 - 12:00
            JsonNode sent = figures.get("kpis").get(4);
            assertThat(sent.get("kpi").asText()).isEqualTo("sent");
            assertThat(sent.get("value").asLong()).isEqualTo(120 * 100 + 119 * 120 / 2);
            assertThat(sent.get("previous").asLong()).isZero();

            HttpResponse<byte[]> pdf = send(server, "GET", "/api/v1/reports/" + id + ".pdf", TestData.VIEWER, null);
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
            assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow())
                    .contains("revguard-report-2026-11-24-to-2026-11-24.pdf");
            String text = pdfText(pdf.body());
            assertThat(text).contains("Executive report").contains(String.format(Locale.US, "%.1f", score));
            for (JsonNode kpi : figures.get("kpis")) {
                assertThat(text).as(kpi.get("kpi").asText()).contains(kpi.get("label").asText()).contains(printed(kpi, "value"));
            }
            assertThat(text).contains("mail.one.example"); // the alert that started in the period

            HttpResponse<byte[]> html = send(server, "GET", "/api/v1/reports/" + id + ".html", TestData.VIEWER, null);
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(html.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
            String page = new String(html.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(page).contains("data:image/png;base64,").doesNotContain("<script");
            for (JsonNode kpi : figures.get("kpis")) {
                assertThat(page).contains(printed(kpi, "value"));
            }

            // a second report states the first one's score as its change
            JsonNode second = json(send(server, "POST", "/api/v1/reports", TestData.ADMIN,
                    "{\"from\": \"2026-11-24\", \"to\": \"2026-11-24T12:00\", \"email\": false}"), 201);
            JsonNode secondFigures = json(send(server, "GET", "/api/v1/reports/" + second.get("report_id").asLong(),
                    TestData.VIEWER, null), 200).get("figures");
            assertThat(secondFigures.get("previous_report_id").asLong()).isEqualTo(id);
            assertThat(secondFigures.get("health_change").asDouble()).isEqualTo(0.0);
        });
    }

    @Test
    void badRequestsNameTheParameterAndStoreNothing() throws Exception {
        JavalinTest.test(app(), (server, client) -> {
            long before = json(send(server, "GET", "/api/v1/reports?limit=200", TestData.VIEWER, null), 200).get("reports").size();
            assertError(send(server, "POST", "/api/v1/reports", TestData.VIEWER,
                    "{\"from\": \"2026-11-24T00:00:00Z\", \"to\": \"2026-11-24T12:00:00Z\"}"), 403, null);
            assertError(send(server, "POST", "/api/v1/reports", null, "{}"), 401, null);
            assertError(send(server, "POST", "/api/v1/reports", TestData.OPERATOR, "not json"), 400, "body");
            assertError(send(server, "POST", "/api/v1/reports", TestData.OPERATOR, "[1]"), 400, "body");
            assertError(send(server, "POST", "/api/v1/reports", TestData.OPERATOR, "{\"to\": \"2026-11-24T12:00:00Z\"}"), 400, "from");
            assertError(send(server, "POST", "/api/v1/reports", TestData.OPERATOR,
                    "{\"from\": \"yesterday\", \"to\": \"2026-11-24T12:00:00Z\"}"), 400, "from");
            assertError(send(server, "POST", "/api/v1/reports", TestData.OPERATOR,
                    "{\"from\": \"2026-11-24T12:00:00Z\", \"to\": \"2026-11-24T12:00:00Z\"}"), 400, "to");
            assertError(send(server, "POST", "/api/v1/reports", TestData.OPERATOR,
                    "{\"from\": \"2026-11-24T00:00:00Z\", \"to\": \"2026-12-24T00:00:00Z\"}"), 400, "to");
            assertError(send(server, "POST", "/api/v1/reports", TestData.OPERATOR,
                    "{\"from\": \"2024-11-24T00:00:00Z\", \"to\": \"2026-11-24T00:00:00Z\"}"), 400, "from");
            assertError(send(server, "POST", "/api/v1/reports", TestData.OPERATOR,
                    "{\"from\": \"2026-11-24T00:00:00Z\", \"to\": \"2026-11-24T12:00:00Z\", \"email\": \"yes\"}"), 400, "email");
            assertError(send(server, "POST", "/api/v1/reports", TestData.OPERATOR,
                    "{\"from\": \"2026-11-24\\u0000\", \"to\": \"2026-11-24T12:00:00Z\"}"), 400, "from");
            assertError(send(server, "GET", "/api/v1/reports/abc.pdf", TestData.VIEWER, null), 400, "id");
            assertError(send(server, "GET", "/api/v1/reports/999999.pdf", TestData.VIEWER, null), 404, "id");
            assertError(send(server, "GET", "/api/v1/reports/999999", TestData.VIEWER, null), 404, "id");
            assertError(send(server, "GET", "/api/v1/reports?limit=0", TestData.VIEWER, null), 400, "limit");
            assertThat(json(send(server, "GET", "/api/v1/reports?limit=200", TestData.VIEWER, null), 200).get("reports"))
                    .hasSize((int) before);
        });
    }

    private static void assertError(HttpResponse<byte[]> r, int status, String parameter) throws Exception {
        JsonNode body = json(r, status);
        if (parameter != null) {
            assertThat(body.get("error").asText()).isEqualTo("bad_parameter".equals(body.get("error").asText()) ? "bad_parameter"
                    : "not_found");
            assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        }
    }
}
