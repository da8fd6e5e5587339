package dev.revguard.query.report;

import dev.revguard.common.settings.ConfigException;
import dev.revguard.query.Database;
import dev.revguard.query.Panels;
import dev.revguard.query.ServiceConfig;
import dev.revguard.query.web.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/report.sh --from <time> --to <time> [--out FILE] [--email]}: makes one report of the period
 * straight from the database (no running service needed: backfills, data engineers), stores it in
 * {@code executive_reports} like any other, writes it to FILE (PDF, or the page when FILE ends in
 * {@code .html}) and, with {@code --email}, e-mails it now (a failure is left for the service to retry).
 * The database and report settings are the query service's.
 */
public final class ReportCommand {
    private ReportCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Clock.systemUTC()));
    }

    static int run(String[] args, Map<String, String> environment, Clock clock) {
        String fromText = null;
        String toText = null;
        Path out = null;
        boolean email = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String next = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--from" -> { fromText = next; i++; }
                case "--to" -> { toText = next; i++; }
                case "--out" -> { out = next == null ? null : Path.of(next); i++; }
                case "--email" -> email = true;
                case "-h", "--help" -> {
                    System.out.println("usage: scripts/report.sh --from <time> --to <time> [--out FILE.pdf|FILE.html] [--email]");
                    return 0;
                }
                default -> rest.add(a);
            }
        }
        if (fromText == null || toText == null) {
            System.err.println("report: --from and --to are required (" + ReportTimes.EXPECTED + ")");
            return 2;
        }
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("ALLOW_ANONYMOUS", "true"); // no HTTP is served: no tokens are needed
        env.putIfAbsent("SERVICE_ROLES", "api");
        ServiceConfig config;
        try {
            config = ServiceConfig.parse(rest.toArray(new String[0]), env);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Instant from;
        Instant to;
        try {
            from = ReportTimes.parse(fromText, config.reports().zone());
        } catch (IllegalArgumentException e) {
            System.err.println("report: --from " + fromText + ": " + e.getMessage());
            return 2;
        }
        try {
            to = ReportTimes.parse(toText, config.reports().zone());
        } catch (IllegalArgumentException e) {
            System.err.println("report: --to " + toText + ": " + e.getMessage());
            return 2;
        }
        String[] problem = ReportTimes.problem(from, to, clock.instant());
        if (problem != null) {
            System.err.println("report: --" + problem[0] + ": " + problem[1]);
            return 2;
        }
        if (email && config.reports().smtp() == null) {
            System.err.println("report: --email needs SMTP_URL, REPORT_FROM and REPORT_RECIPIENTS (see README, Executive reports)");
            return 2;
        }
        if (config.migrate()) {
            Database.migrate(config);
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Database db = new Database(config, metrics)) {
            Panels panels = Panels.create(db.readJdbi(), config, clock);
            Reports reports = new Reports(panels, db.readJdbi(), db.writeJdbi(), config, Json.mapper(), metrics, clock);
            long id = reports.maker().make(from, to, ReportMaker.Origin.SCRIPT, "script:" + env.getOrDefault("USER", "unknown"),
                    email);
            if (email) {
                reports.delivery().runDue();
            }
            ReportStore.Entry e = reports.store().entry(id).orElseThrow();
            System.out.printf(Locale.ROOT, "report %d: %s – %s (%s), health score %s, made in %d ms, PDF %,d bytes%n", id,
                    e.periodFrom(), e.periodTo(), e.timeZone(), ReportFormat.score(e.healthScore()), e.generationMillis(),
                    e.pdfBytes());
            System.out.println("e-mail: " + e.deliveryStatus() + (e.lastError() == null ? "" : " (" + e.lastError() + ")"));
            if (out != null) {
                boolean html = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".html");
                if (html) {
                    Files.writeString(out, reports.store().html(id).orElseThrow());
                } else {
                    Files.write(out, reports.store().pdf(id).orElseThrow());
                }
                System.out.println("written to " + out.toAbsolutePath());
            }
            return 0;
        } catch (IOException ex) {
            System.err.println("report: --out " + out + ": " + ex.getMessage());
            return 1;
        } catch (RuntimeException ex) {
            System.err.println("report: not made: " + ReportDelivery.describe(ex));
            return 1;
        }
    }
}
