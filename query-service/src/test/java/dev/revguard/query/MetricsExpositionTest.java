package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's {@code GET /metrics} after traffic of every kind (answers 200, 400, 401, 404, a report
 * made): every family has HELP and TYPE lines and {@code promtool check metrics} finds nothing to report;
 * every service metric the example alert rules (scripts/revguard-alerts.rules.yml) name is served.
 */
class MetricsExpositionTest {
    private static final Path RULES = Path.of("..", "scripts", "revguard-alerts.rules.yml");
    private static TestData data;

    @BeforeAll
    static void setUp() throws Exception {
        data = new TestData(false);
    }

    @AfterAll
    static void tearDown() throws Exception {
        data.close();
    }

    @Test
    void theMetricsPassPromtool() throws Exception {
        JavalinTest.test(data.app(Clock.fixed(TestData.NOW, ZoneOffset.UTC)), (server, client) -> {
            for (String path : List.of("/api/v1/risk", "/api/v1/risk/top", "/api/v1/alerts", "/api/v1/summary",
                    "/api/v1/deliverability/trend?step=banana", "/api/v1/nothing-here", "/health")) {
                client.get(path, r -> r.header("Authorization", "Bearer " + TestData.VIEWER));
            }
            client.get("/api/v1/risk");
            String text = client.get("/metrics", r -> r.header("Authorization", "Bearer " + TestData.VIEWER)).body().string();
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "service-metrics.txt"), text);

            Set<String> help = names(text, "^# HELP (\\S+) .+$");
            Set<String> type = names(text, "^# TYPE (\\S+) (counter|gauge|summary|histogram|untyped)$");
            assertThat(help).isNotEmpty().isEqualTo(type);
            assertThat(text).contains("revguard_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/risk\",status=\"200\"}");

            String[] check = promtool(text);
            assertThat(check[0]).as("promtool check metrics").isEmpty();
            assertThat(check[1]).isEqualTo("0");

            Set<String> named = names(Files.readString(RULES), "\\b(revguard_[a-z0-9_]+)");
            Set<String> served = names(text, "^([a-z_:][a-z0-9_:]*)[{ ]");
            assertThat(named).isNotEmpty();
            assertThat(served).containsAll(named);
        });
    }

    private static Set<String> names(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** {@code promtool check metrics} on {@code text}: its output and exit code. */
    private static String[] promtool(String text) throws Exception {
        Process p = new ProcessBuilder(System.getenv().getOrDefault("PROMTOOL", "promtool"), "check", "metrics")
                .redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream o = p.getInputStream()) {
            o.transferTo(out);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String[] {out.toString(StandardCharsets.UTF_8), String.valueOf(p.exitValue())};
    }
}
