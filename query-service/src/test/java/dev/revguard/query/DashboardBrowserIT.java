package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard rendered by a real headless Chromium against the running service: the gauge must
 * show the severity and the dollar figure of the rows in the database. Saves a screenshot under
 * {@code target/}.
 */
class DashboardBrowserIT {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardBrowserIT.class);
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    Path profile;

    @Test
    void theGaugeShowsTheSeverityAndRevenueAtRiskOfTheDatabase() throws Exception {
        assertThat(CHROMIUM).as("Chromium is installed (.ci/run installs Debian's chromium)").exists();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (TestData data = new TestData(false); Database db = new Database(data.config, metrics)) {
            Javalin app = App.create(db.readJdbi(), db.writeJdbi(), data.config, metrics, Clock.systemUTC()).start("127.0.0.1", 0);
            try {
                String url = "http://127.0.0.1:" + app.port() + "/#token=" + TestData.VIEWER;
                String dom = chromium(List.of("--dump-dom", url));
                assertThat(dom).contains("id=\"gauge\" data-severity=\"critical\"");
                assertThat(dom).containsPattern("id=\"gauge-severity\">critical<");
                assertThat(dom).contains("id=\"gauge-risk\">$12,345.67<");
                assertThat(dom).contains("id=\"gauge-bounce\">17.00%<");
                assertThat(dom).contains("mail.one.example"); // the worst senders
                assertThat(dom).contains("Acknowledge"); // the firing alert
                assertThat(dom).contains("id=\"stale\"").as("the rows are hours old: the stale banner shows")
                        .doesNotContain("id=\"stale\" class=\"banner\" hidden");

                Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
                Files.deleteIfExists(screenshot);
                chromium(List.of("--screenshot=" + screenshot, "--window-size=1280,1000", url));
                assertThat(screenshot).exists();
                assertThat(Files.size(screenshot)).isGreaterThan(10_000);
                LOG.info("Dashboard screenshot: {}", screenshot);
            } finally {
                app.stop();
            }
        }
    }

    private String chromium(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
