package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard rendered by a real headless Chromium against the running service and the real
 * PostgreSQL: every section that has endpoints is on the page, the figures shown are the API's,
 * only operators are offered Acknowledge, a failing endpoint blanks only its own panels, and the
 * gauge falls back to polling without its stream. Saves a screenshot per section under
 * {@code target/}.
 */
class DashboardBrowserIT {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardBrowserIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final List<String> SECTIONS = List.of("summary", "revenue", "cost", "efficiency", "decisions");
    static final String RECENT_ALERT = "alr_20000000000000000001";
    private static final String ALL_PANELS_SETTLED = "document.querySelectorAll('article.panel').length > 0 && "
            + "[...document.querySelectorAll('article.panel')].every((p) => p.dataset.state !== 'loading')";

    @TempDir
    static Path profile;

    private static TestData data;
    private static Javalin app;
    private static HeadlessChromium browser;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("Chromium is installed (.ci/run installs Debian's chromium)").exists();
        data = new TestData(false);
        insertPanelRows(data);
        app = data.app(Clock.systemUTC()).start("127.0.0.1", 0);
        browser = HeadlessChromium.start(CHROMIUM, profile, 1280, 1000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
        if (app != null) app.stop();
        if (data != null) data.close();
    }

    /**
     * Rows of the OLTP tables and of the rollups placed relative to now (the summary view and the
     * panels read the clock): four SMTP IPs (busy, underused, warming, retired), two servers, three
     * subscriptions, traffic of the last hours and of this month, and one alert of the last hour.
     */
    static void insertPanelRows(TestData data) throws Exception {
        data.exec("""
            CREATE TEMP TABLE t AS SELECT date_trunc('hour', now()) - interval '30 hours' AS h30,
              date_trunc('day', now()) AS midnight, date_trunc('minute', now()) AS minute;
            -- three hours of minute windows of all traffic; bounces rise in the last hour
            INSERT INTO deliverability_window (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT 'all', 'all', minute - (180 - i) * interval '1 minute', minute - (179 - i) * interval '1 minute',
              200 + i, 200 + i - (CASE WHEN i > 120 THEN 8 + i / 10 ELSE 4 + mod(i, 5) END), CASE WHEN i > 120 THEN 8 + i / 10 ELSE 4 + mod(i, 5) END,
              CASE WHEN mod(i, 7) = 0 THEN 2 ELSE 1 END, true
            FROM t, generate_series(0, 179) AS i;
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT 'all', 'all', date_trunc('hour', window_start), date_trunc('hour', window_start) + interval '1 hour',
              sum(sent), sum(delivered), sum(bounced), sum(spam_complaints), false
            FROM deliverability_window, t WHERE dimension = 'all' AND window_start >= t.minute - interval '180 minutes'
            GROUP BY 1, 2, 3, 4;
            INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered, is_final)
            SELECT 'all', 'all', date_trunc('month', now()), date_trunc('month', now()) + interval '1 day', 1250000, 1190000, false;
            -- per IP over the trailing 7 days: one hourly rollup 30 hours ago; today's traffic of the warming IP
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT 'sending_ip', ip, h30, h30 + interval '1 hour', sent, delivered, 0, 0, true FROM t,
              (VALUES ('198.51.100.10', 420000, 401000), ('198.51.100.11', 70000, 69100)) AS v(ip, sent, delivered);
            INSERT INTO deliverability_window (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT 'sending_ip', '198.51.100.12', midnight, midnight + interval '1 minute', 1400, 1370, 18, 2, true FROM t;
            INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT 'sending_ip', '198.51.100.12', midnight, midnight + interval '1 hour', 1400, 1370, 18, 2, false FROM t;
            -- and the daily rollups of the IPs' hours, as the job writes them (whole days of a range are read from them)
            INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered,
              bounced, spam_complaints, is_final)
            SELECT dimension, dimension_value, date_trunc('day', window_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
              (date_trunc('day', window_start AT TIME ZONE 'UTC') + interval '1 day') AT TIME ZONE 'UTC', sum(sent),
              sum(delivered), sum(bounced), sum(spam_complaints), bool_and(is_final)
            FROM deliverability_hourly WHERE dimension = 'sending_ip' GROUP BY 1, 2, 3, 4;

            INSERT INTO smtp_ip_addresses (ip, sending_domain, provider, approximate_cost, daily_capacity, warmup_started_on,
              status, retired_on) VALUES
            ('198.51.100.10', 'mail.one.example', 'sendgrid', 30, 100000, NULL, 'active', NULL),
            ('198.51.100.11', 'mail.two.example', 'sendgrid', 45, 100000, NULL, 'active', NULL),
            ('198.51.100.12', 'mail.three.example', 'mailgun', 30, 50000, (now() AT TIME ZONE 'UTC')::date - 3, 'warming', NULL),
            ('198.51.100.13', NULL, 'ses', 30, 50000, NULL, 'retired', '2026-01-01');
            INSERT INTO vps_instances (instance_id, name, provider, region, monthly_cost_usd, vcpus, memory_gb, disk_gb,
              network_mbps, metrics_instance) VALUES
            ('vps-1', 'mta-1', 'hetzner', 'fsn1', 120, 4, 8, 160, 1000, '10.1.0.1:9100'),
            ('vps-2', 'mta-2', 'hetzner', 'nbg1', 80, 2, 4, 80, 1000, NULL);
            INSERT INTO subscriptions (account_id, plan, mrr_usd, status, started_on, cancelled_on) VALUES
            ('acct-a', 'pro', 9000, 'active', '2026-01-01', NULL),
            ('acct-b', 'team', 3400, 'active', '2026-02-01', NULL),
            ('acct-c', 'team', 300, 'past_due', '2026-03-01', NULL);
            INSERT INTO alerts (alert_id, dimension, dimension_value, status, severity, current_severity, started_at,
              ended_at, last_change_at, sent, bounce_rate, spam_rate, deliverability_rate, revenue_risk_usd) VALUES
            ('%s', 'account', 'acct-a', 'firing', 'warning', 'warning', now() - interval '40 minutes', NULL,
              now() - interval '40 minutes', 5000, 0.11, 0.002, 0.88, 2100.50);
            """.formatted(RECENT_ALERT));
    }

    private static String base() {
        return "http://127.0.0.1:" + app.port();
    }

    private static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + TestData.VIEWER).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String money(double usd) {
        return NumberFormat.getCurrencyInstance(Locale.US).format(usd);
    }

    private static String pct(double rate, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f%%", rate * 100);
    }

    private static void open(String query, String token) throws Exception {
        browser.navigate("about:blank"); // a new document even when only the #token differs
        browser.navigate(base() + "/" + query + "#token=" + token);
        browser.waitUntil(ALL_PANELS_SETTLED, Duration.ofSeconds(30));
        Thread.sleep(300); // the charts draw in the next frame
    }

    private static List<String> states(String selector) throws Exception {
        List<String> out = new ArrayList<>();
        browser.eval("[...document.querySelectorAll(" + JSON.writeValueAsString(selector) + ")].map((p) => p.id + '=' + p.dataset.state)")
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void everySectionWithEndpointsShowsTheApisFigures() throws Exception {
        open("", TestData.VIEWER);
        assertThat(browser.eval("[...document.querySelectorAll('main > section')].map((s) => s.id)").toString())
                .isEqualTo("[\"summary\",\"revenue\",\"cost\",\"efficiency\",\"decisions\"]");
        String page = browser.eval("document.body.innerText").asText();
        assertThat(page).as("all five sections, the Executive Summary first").contains("Executive Summary",
                "Revenue Protection Monitor", "Cost Optimization Center", "Operational Efficiency", "Strategic Decision Tracker");
        assertThat(states("article.panel")).allMatch(s -> s.endsWith("=ready"));

        // Revenue Protection Monitor: the dial carries the gauge's dollars and severity; pushed by the stream
        JsonNode gauge = api("/api/v1/risk");
        String dollars = money(gauge.get("revenue_risk_usd").asDouble());
        assertThat(dollars).isEqualTo("$12,345.67");
        assertThat(browser.eval("document.querySelector('#panel-risk-gauge .dial').dataset.severity").asText()).isEqualTo("critical");
        assertThat(browser.text("#panel-risk-gauge .dial svg")).contains(dollars, "CRITICAL");
        assertThat(browser.eval("document.querySelector('#panel-risk-gauge .dial').getAttribute('aria-label')").asText())
                .isEqualTo("critical: " + dollars + " projected monthly revenue at risk");
        assertThat(browser.text("#panel-risk-gauge [data-figure=bounce_rate] .value")).isEqualTo(pct(gauge.get("bounce_rate").asDouble(), 2));
        assertThat(browser.eval("document.getElementById('panel-risk-gauge').dataset.transport").asText()).isEqualTo("stream");
        assertThat(browser.eval("!document.getElementById('stale').hidden").asBoolean()).as("the rows are days old: the stale banner shows").isTrue();
        assertThat(browser.text("#freshness")).matches("data updated \\d+ d ago");
        // the trend with the seed policy's thresholds and a time axis
        assertThat(browser.text("#panel-risk-trend .trend svg")).contains("critical 15.0%", "warning 10.0%", "monitor 1.0%", "UTC");
        assertThat(browser.text("#panel-worst-senders")).contains("mail.one.example");

        // Cost Optimization Center
        JsonNode cost = api("/api/v1/cost");
        assertThat(browser.text("#panel-underutilized-ips [data-figure=total_monthly_savings_usd] .value"))
                .isEqualTo(money(cost.at("/underutilized/total_monthly_savings_usd").asDouble()) + " / month");
        assertThat(cost.at("/underutilized/total_monthly_savings_usd").asDouble()).isEqualTo(45.0);
        JsonNode busy = null;
        for (JsonNode ip : cost.get("ips")) if (ip.get("ip").asText().equals("198.51.100.10")) busy = ip;
        assertThat(busy).isNotNull();
        assertThat(browser.text("#panel-ip-costs tr[data-ip='198.51.100.10'] [data-field=utilization]"))
                .isEqualTo(pct(busy.get("utilization").asDouble(), 1));
        assertThat(browser.text("#panel-cost-summary [data-figure=total_cost_usd] .value"))
                .isEqualTo(money(cost.at("/summary/total_cost_usd").asDouble()));
        assertThat(browser.text("#panel-warmup tr[data-ip='198.51.100.12']")).contains(cost.at("/warmup/ips/0/status").asText().replace('_', ' '));

        // Operational Efficiency
        JsonNode efficiency = api("/api/v1/efficiency?period=24h");
        assertThat(browser.text("#panel-efficiency-score .score"))
                .isEqualTo(String.format(Locale.ROOT, "%.1f", efficiency.get("score").asDouble()));
        assertThat(browser.text("#panel-efficiency-score [data-term=deliverability]")).contains(
                String.format(Locale.ROOT, "%.3f", efficiency.at("/terms/deliverability/value").asDouble()),
                NumberFormat.getIntegerInstance(Locale.US).format(efficiency.at("/terms/deliverability/inputs/sent").asLong()) + " sent");
        JsonNode utilization = api("/api/v1/utilization");
        assertThat(utilization.get("source").asText()).isEqualTo("unavailable");
        String notice = browser.text("#panel-server-utilization .notice");
        assertThat(notice).contains("Source: unavailable", utilization.get("reason").asText());
        assertThat(browser.eval("document.querySelector('#panel-server-utilization .panel-error').hidden").asBoolean())
                .as("an unavailable source is a notice, not an error").isTrue();
        JsonNode underused = null;
        for (JsonNode ip : utilization.get("ips")) if (ip.get("ip").asText().equals("198.51.100.11")) underused = ip;
        assertThat(browser.text("#panel-ip-capacity tr[data-ip='198.51.100.11'] [data-field=volume_vs_capacity]"))
                .isEqualTo(pct(underused.get("volume_vs_capacity").asDouble(), 1));

        Path dir = Path.of("target").toAbsolutePath();
        for (String section : SECTIONS) {
            Path shot = dir.resolve("dashboard-" + section + ".png");
            Files.deleteIfExists(shot);
            browser.screenshot("#" + section, shot);
            assertThat(Files.size(shot)).isGreaterThan(20_000);
            LOG.info("Dashboard screenshot: {}", shot);
        }
        browser.screenshot("body", dir.resolve("dashboard.png"));
    }

    @Test
    void onlyOperatorsAreOfferedAcknowledge() throws Exception {
        open("?section=revenue", TestData.VIEWER);
        assertThat(browser.text("#whoami")).isEqualTo("vera (viewer)");
        assertThat(browser.eval("document.querySelectorAll('#panel-alerts button.ack').length").asInt()).isZero();
        assertThat(browser.text("#panel-alerts [data-field=role-note]")).contains("needs the operator role");

        open("?section=revenue", TestData.OPERATOR);
        assertThat(browser.text("#whoami")).isEqualTo("alice (operator)");
        assertThat(browser.eval("[...document.querySelectorAll('#panel-alerts tr[data-alert]')].filter((r) => r.querySelector('button.ack')).map((r) => r.dataset.alert)").toString())
                .isEqualTo("[\"" + RECENT_ALERT + "\",\"" + TestData.FIRING_ALERT + "\"]");
        browser.eval("document.querySelector('#panel-alerts tr[data-alert=" + RECENT_ALERT + "] button.ack').click()");
        browser.waitUntil("!document.querySelector('#panel-alerts tr[data-alert=" + RECENT_ALERT + "] button.ack')", Duration.ofSeconds(10));
        assertThat(browser.text("#panel-alerts tr[data-alert=" + RECENT_ALERT + "] [data-field=acknowledged]")).startsWith("alice, ");
    }

    @Test
    void aFailingEndpointBlanksOnlyItsOwnPanels() throws Exception {
        browser.intercept("*/api/v1/efficiency*", 500, "{\"error\":\"internal_error\",\"detail\":\"the request could not be answered; see the service log\"}");
        try {
            open("", TestData.VIEWER);
        } finally {
            browser.clearInterceptions();
        }
        assertThat(states("#efficiency article.panel")).containsExactly("panel-efficiency-score=error", "panel-benchmarks=error",
                "panel-recommendations=error", "panel-server-utilization=ready", "panel-ip-capacity=ready");
        assertThat(states("#revenue article.panel, #cost article.panel")).allMatch(s -> s.endsWith("=ready")).hasSize(10);
        assertThat(browser.text("#panel-efficiency-score .panel-error")).contains("could not be answered", "500");
        assertThat(browser.text("#panel-risk-gauge .dial svg")).contains("$12,345.67");
    }

    @Test
    void withoutItsStreamTheGaugeIsPolled() throws Exception {
        browser.intercept("*/api/v1/risk/stream*", 0, "");
        try {
            open("?section=revenue", TestData.VIEWER);
            browser.waitUntil("document.getElementById('panel-risk-gauge').dataset.transport === 'polling'", Duration.ofSeconds(10));
            browser.waitUntil("document.getElementById('panel-risk-gauge').dataset.state === 'ready'", Duration.ofSeconds(10));
            assertThat(browser.text("#panel-risk-gauge .dial svg")).contains("$12,345.67");
        } finally {
            browser.clearInterceptions();
        }
    }

    @Test
    void theReportsPanelMakesListsAndFetchesReportsWithTheToken() throws Exception {
        open("?section=summary", TestData.VIEWER);
        assertThat(browser.eval("document.getElementById('reports-link').getAttribute('href')").asText()).isEqualTo("#panel-reports");
        assertThat(browser.eval("document.querySelector('#panel-reports .report-make').hidden").asBoolean())
                .as("viewers cannot make reports").isTrue();

        open("?section=summary", TestData.OPERATOR);
        browser.eval("document.querySelector('#panel-reports button.make-report').click()");
        browser.waitUntil("document.querySelector('#panel-reports [data-field=make-note]').textContent.startsWith('report ')",
                Duration.ofSeconds(30));
        String note = browser.text("#panel-reports [data-field=make-note]");
        assertThat(note).matches("report \\d+ made in \\d+ ms");
        long id = Long.parseLong(note.split(" ")[1]);
        JsonNode latest = api("/api/v1/reports/" + id);
        String row = "#panel-reports tr[data-report='" + id + "']";
        browser.waitUntil("document.querySelector(\"" + row + "\")", Duration.ofSeconds(10));
        assertThat(browser.text(row + " [data-field=health]"))
                .isEqualTo(String.format(Locale.ROOT, "%.1f", latest.get("health_score").asDouble()));
        assertThat(browser.text(row + " [data-field=made]")).endsWith("by alice");
        assertThat(browser.text(row + " [data-field=delivery]")).isEqualTo("not e-mailed");
        // the page fetches the PDF and the page with its token: the same bytes as the API serves
        long size = browser.eval("import('/lib/api.js').then((m) => m.fileUrl('/api/v1/reports/" + id + ".pdf'))"
                + ".then((u) => fetch(u)).then((r) => r.blob()).then((b) => b.size)").asLong();
        assertThat(size).isEqualTo(latest.get("pdf_bytes").asLong());
        browser.screenshot("#panel-reports", Path.of("target").toAbsolutePath().resolve("dashboard-reports.png"));
    }

    @Test
    void theReportPageReadsWellOnADesktopAndAPhoneAndItsPdfFirstPagePrints() throws Exception {
        Path dir = Path.of("target", "report-look").toAbsolutePath();
        Files.createDirectories(dir);
        JsonNode created;
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/reports"))
                .header("Authorization", "Bearer " + TestData.OPERATOR)
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\": \"" + java.time.Instant.now().minus(Duration.ofDays(7))
                        + "\", \"to\": \"" + java.time.Instant.now() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).as(post.body()).isEqualTo(201);
        created = JSON.readTree(post.body());
        long id = created.get("report_id").asLong();
        for (String kind : List.of("html", "pdf")) {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/reports/" + id + "." + kind))
                    .header("Authorization", "Bearer " + TestData.VIEWER).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            Files.write(dir.resolve("report." + kind), r.body());
        }
        JsonNode figures = api("/api/v1/reports/" + id).get("figures");
        String score = String.format(Locale.US, "%.1f", figures.at("/health/score").asDouble());

        browser.navigate(dir.resolve("report.html").toUri().toString());
        assertThat(browser.eval("document.body.innerText").asText()).contains("Executive report", score, "mail.one.example");
        assertThat(browser.eval("[...document.images].every((i) => i.complete && i.naturalWidth > 0)").asBoolean())
                .as("the chart shows").isTrue();
        browser.screenshot("body", dir.resolve("report-desktop.png"));
        try {
            browser.send("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", 390, "height", 844,
                    "deviceScaleFactor", 2, "mobile", true));
            browser.navigate(dir.resolve("report.html").toUri().toString());
            assertThat(browser.eval("document.documentElement.scrollWidth").asInt())
                    .as("nothing scrolls the page sideways on a phone").isLessThanOrEqualTo(390);
            assertThat(browser.eval("parseFloat(getComputedStyle(document.querySelector('td')).fontSize)").asDouble())
                    .as("readable text").isGreaterThanOrEqualTo(12);
            browser.screenshot("body", dir.resolve("report-phone.png"));
        } finally {
            browser.send("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
        }

        Process p = new ProcessBuilder("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", dir.resolve("report.pdf").toString(),
                dir.resolve("report-pdf-page").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        Path page = Files.list(dir).filter(f -> f.getFileName().toString().startsWith("report-pdf-page")).findFirst().orElseThrow();
        assertThat(Files.size(page)).isGreaterThan(20_000);
        LOG.info("Report {}: page {}, phone {}, PDF page 1 {}", id, dir.resolve("report-desktop.png"), dir.resolve("report-phone.png"), page);
    }

    @Test
    void theDashboardRunsUnderItsContentSecurityPolicy() throws Exception {
        for (String path : List.of("/", "/app.js", "/style.css", "/api/v1/risk")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .header("Authorization", "Bearer " + TestData.VIEWER).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).as(path)
                    .contains("default-src 'self'", "script-src 'self' 'sha256-", "style-src 'self';", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-eval")
                    .satisfies(p -> assertThat(p.replaceAll(".*script-src ([^;]*);.*", "$1")).doesNotContain("unsafe-inline"));
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).as("no HSTS without an https PUBLIC_URL").isEmpty();
        }
        // every violation the page meets, recorded by a script the browser runs first in each document
        browser.send("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
                "window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => "
                        + "window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));"));
        open("", TestData.OPERATOR);
        assertThat(states("article.panel")).allMatch(s -> s.endsWith("=ready")).hasSize(21);
        browser.waitUntil("document.getElementById('panel-risk-gauge').dataset.transport === 'stream'", Duration.ofSeconds(10));
        assertThat(browser.text("#panel-risk-gauge .dial svg")).contains("$12,345.67");
        assertThat(browser.eval("window.__violations").toString()).as("no violations with every panel drawn").isEqualTo("[]");
        // and the policy holds: an injected inline script does not run
        browser.eval("(() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; "
                + "document.body.append(s); })()");
        Thread.sleep(200);
        assertThat(browser.eval("window.__ran === undefined").asBoolean()).isTrue();
        assertThat(browser.eval("window.__violations.length").asInt()).isEqualTo(1);
    }
}
