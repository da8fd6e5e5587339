package dev.revguard.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.revguard.query.report.ReportDocument.ActionLine;
import dev.revguard.query.report.ReportDocument.AlertLine;
import dev.revguard.query.report.ReportDocument.Alerts;
import dev.revguard.query.report.ReportDocument.Cost;
import dev.revguard.query.report.ReportDocument.DecisionLine;
import dev.revguard.query.report.ReportDocument.Health;
import dev.revguard.query.report.ReportDocument.KpiLine;
import dev.revguard.query.report.ReportDocument.Point;
import dev.revguard.query.report.ReportDocument.SavingLine;
import dev.revguard.query.report.ReportDocument.SenderLine;
import dev.revguard.query.report.ReportDocument.TermLine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * The executive report rendered from a hand-built document: well-formed, escaped XHTML, a PDF on A4 and
 * Letter with every figure, the chart and the page footer, and a document with nothing in it. The samples
 * are written to {@code target/} for looking at.
 */
class ReportRenderingTest {
    private static final String HOSTILE = "<script>alert(1)</script> Smith & Sons";
    private static final Path TARGET = Path.of("target");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final ReportTemplate TEMPLATE = new ReportTemplate();
    private static ReportDocument full;
    private static ReportDocument empty;

    @BeforeAll
    static void documents() throws IOException {
        Files.createDirectories(TARGET);
        full = fullDocument();
        empty = emptyDocument();
    }

    @Test
    void chartIsASharpPngAndSaysSoWhenEmpty() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(full.chart().png()));
        assertThat(image.getWidth()).isEqualTo(1600);
        assertThat(image.getHeight()).isEqualTo(520);
        assertThat(full.chart().width()).isEqualTo(800);
        assertThat(full.chart().height()).isEqualTo(260);
        assertThat(full.chart().points()).hasSize(168);
        Files.write(TARGET.resolve("report-sample-chart.png"), full.chart().png());

        BufferedImage none = ImageIO.read(new ByteArrayInputStream(empty.chart().png()));
        assertThat(none.getWidth()).isEqualTo(1600);
        assertThat(darkPixels(none, 600, 210, 1000, 310)).as("the no-data message in the middle").isGreaterThan(200);
        Files.write(TARGET.resolve("report-sample-chart-empty.png"), empty.chart().png());

        assertThat(RevenueRiskChart.draw(null, null).png()).isNotEmpty();
        assertThat(RevenueRiskChart.draw(List.of(new Point(Instant.parse("2026-11-24T13:00:00Z"), 5)), "one").png())
                .isNotEmpty();
        assertThat(RevenueRiskChart.draw(List.of(new Point(Instant.parse("2026-11-24T13:00:00Z"), Double.NaN),
                new Point(Instant.parse("2026-11-24T14:00:00Z"), 0)), "zero").points()).hasSize(1);
    }

    @Test
    void htmlIsWellFormedEscapedAndComplete() throws Exception {
        String html = TEMPLATE.html(full);
        Files.writeString(TARGET.resolve("report-sample.html"), html, StandardCharsets.UTF_8);

        Document xml = parse(html);
        assertThat(xml.getDocumentElement().getLocalName()).isEqualTo("html");
        assertThat(xml.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "img").getLength()).isEqualTo(1);
        assertThat(xml.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "script").getLength()).isZero();
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">")
                .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                .contains("src=\"data:image/png;base64,")
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; Smith &amp; Sons");
        String text = xml.getDocumentElement().getTextContent();
        assertThat(text).contains(HOSTILE);
        for (KpiLine k : full.kpis()) assertThat(text).contains(k.label(), k.value(), k.previous(), k.change());
        assertThat(html).contains("class=\"num change dir-worsened\"", "class=\"badge sev-critical\"",
                "class=\"status st-at_risk\"", "score-change dir-worsened");
        assertThat(text).containsSubsequence("Health score", "Key performance indicators", "Revenue-risk trend",
                "Worst senders", "Alerts", "Cost and savings", "Decisions due or at risk", "Recommended actions");

        String mail = TEMPLATE.html(full, "cid:chart@revguard");
        assertThat(mail).contains("src=\"cid:chart@revguard\"").doesNotContain("base64");
        assertThatThrownBy(() -> TEMPLATE.html(full, "javascript:alert(1)")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pdfOnBothPapersHasEveryFigureTheChartAndTheFooter() throws Exception {
        String html = TEMPLATE.html(full);
        for (ReportPdf.Paper paper : ReportPdf.Paper.values()) {
            long t0 = System.nanoTime();
            byte[] pdf = ReportPdf.render(html, paper);
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            String name = "report-sample-" + paper.name().toLowerCase() + ".pdf";
            Files.write(TARGET.resolve(name), pdf);
            System.out.printf("%s: %,d bytes in %d ms%n", name, pdf.length, ms);

            try (PDDocument doc = Loader.loadPDF(pdf)) {
                PDPage first = doc.getPage(0);
                float w = first.getMediaBox().getWidth();
                float h = first.getMediaBox().getHeight();
                if (paper == ReportPdf.Paper.A4) {
                    assertThat(w).isCloseTo(595f, within(1f));
                    assertThat(h).isCloseTo(842f, within(1f));
                } else {
                    assertThat(w).isCloseTo(612f, within(1f));
                    assertThat(h).isCloseTo(792f, within(1f));
                }
                String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
                assertThat(text).contains("Health score", "82", "−3 since the report of 23 Nov 2026", "page 1 of "
                        + doc.getNumberOfPages());
                for (KpiLine k : full.kpis()) assertThat(text).contains(k.label(), k.value(), k.change());
                String joined = text.replace(" ", "");
                for (SenderLine s : full.worstSenders()) assertThat(joined).contains(s.value().replace(" ", ""));
                assertThat(text).contains("Underused IPs").doesNotContain("No underused", "No alerts", "#");
                assertThat(text).contains("… and 4 more decisions in the dashboard's Strategic Decision Tracker.");
                assertThat(images(first.getResources())).as("the chart on page 1").isNotEmpty();
                PDImageXObject chart = images(first.getResources()).get(0);
                assertThat(chart.getWidth()).isEqualTo(1600);
                if (ReportPdf.embedsDejaVu()) assertThat(fontNames(first)).anyMatch(f -> f.contains("DejaVuSans"));
            }
        }
    }

    @Test
    void emptyDocumentRendersEverySentence() throws Exception {
        String html = TEMPLATE.html(empty);
        Files.writeString(TARGET.resolve("report-sample-empty.html"), html, StandardCharsets.UTF_8);
        parse(html);
        byte[] pdf = ReportPdf.render(html, ReportPdf.Paper.A4);
        Files.write(TARGET.resolve("report-sample-empty.pdf"), pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("No alerts started in the period.", "No sender had traffic in the period.",
                    "No key figures for the period.", "No underused IPs were found.",
                    "No decisions are due or at risk.", "No actions are recommended.", "the first report",
                    "page 1 of");
            assertThat(images(doc.getPage(0).getResources())).isNotEmpty();
        }
        ReportDocument bare = new ReportDocument(null, null, null, null, null, null, null, null, null, null, null, null, null);
        String minimal = TEMPLATE.html(bare);
        parse(minimal);
        assertThat(minimal).contains("No health score for the period.", "No trend for the period.",
                "No cost figures for the period.");
        assertThat(ReportPdf.render(minimal, ReportPdf.Paper.LETTER)).isNotEmpty();
    }

    @Test
    void paperIsParsedFromTheSetting() {
        assertThat(ReportPdf.Paper.parse("a4")).isEqualTo(ReportPdf.Paper.A4);
        assertThat(ReportPdf.Paper.parse(" Letter ")).isEqualTo(ReportPdf.Paper.LETTER);
        assertThat(ReportPdf.Paper.parse("LETTER")).isEqualTo(ReportPdf.Paper.LETTER);
        assertThat(ReportPdf.Paper.parse(null)).isEqualTo(ReportPdf.Paper.A4);
        assertThatThrownBy(() -> ReportPdf.Paper.parse("legal")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("legal");
    }

    private static ReportDocument fullDocument() {
        Instant start = Instant.parse("2026-11-23T07:00:00Z");
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 168; i++) {
            double hourOfDay = (i + 8) % 24;
            double daily = 420 + 260 * Math.sin((hourOfDay - 8) / 24 * 2 * Math.PI);
            double peak = 1850 * Math.exp(-Math.pow(i - 31, 2) / 8.0);
            points.add(new Point(start.plus(Duration.ofHours(i)), Math.max(0, daily + peak + (i * 37 % 11) * 6)));
        }
        Point peak = points.stream().max((a, b) -> Double.compare(a.revenueRiskUsd(), b.revenueRiskUsd())).orElseThrow();
        double average = points.stream().mapToDouble(Point::revenueRiskUsd).average().orElse(0);
        String caption = String.format(Locale.US, "Revenue at risk per hour, all traffic: peak $%,.2f at %s; average $%,.2f",
                peak.revenueRiskUsd(), DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH).withZone(BERLIN)
                        .format(peak.start()), average);
        var chart = RevenueRiskChart.draw(points, caption, BERLIN);
        return new ReportDocument(
                "Executive report",
                "Mon 23 Nov 2026 08:00 – Mon 30 Nov 2026 08:00 (Europe/Berlin)",
                "Generated Mon 30 Nov 2026 08:00 CET · report 12",
                new Health("82", "−3 since the report of 23 Nov 2026", "worsened",
                        "score = 100 × (1 − (0.40 × S + 0.25 × B + 0.20 × C + 0.15 × R)), each term 0 … 1",
                        List.of(new TermLine("Severity (S)", "0.40", "0.10", "the severity of all traffic: healthy 0, monitor 0.33, warning 0.67, critical 1"),
                                new TermLine("Bounce (B)", "0.25", "0.35", "bounce rate against 5 %, capped at 1"),
                                new TermLine("Complaints (C)", "0.20", "0.22", "spam rate against 0.30 %, capped at 1"),
                                new TermLine("Revenue at risk (R)", "0.15", "0.18", "share of MRR at risk ≥ 0 against 10 %"))),
                List.of(new KpiLine("Deliverability", "97.12 %", "97.43 %", "−0.31 pt", "worsened"),
                        new KpiLine("Bounce rate", "1.84 %", "2.05 %", "−0.21 pt", "improved"),
                        new KpiLine("Spam rate", "0.071 %", "0.064 %", "+0.007 pt", "worsened"),
                        new KpiLine("Revenue at risk", "$81,683.10", "$74,210.55", "+$7,472.55", "worsened"),
                        new KpiLine("Emails sent", "1,204,330", "1,187,902", "+16,428", "unchanged"),
                        new KpiLine("Cost per email", "$0.00072", "$0.00075", "−$0.00003", "improved"),
                        new KpiLine("Efficiency score", "74", "71", "+3", "improved"),
                        new KpiLine("MRR at risk", "$12,430.00", "–", "–", "no_data")),
                chart,
                List.of(new SenderLine("sending domain", "mail.shop-example.com", "critical", "$24,310.00", "402,118", "4.92 %", "0.210 %", "low · 38"),
                        new SenderLine("account", HOSTILE, "warning", "$9,870.40", "88,020", "3.10 %", "0.120 %", "–"),
                        new SenderLine("IP", "198.51.100.23", "monitor", "$4,102.75", "121,904", "2.31 %", "0.080 %", "medium · 71"),
                        new SenderLine("sending domain", "news.very-long-subdomain-for-campaigns.example.org", "healthy", "$820.00", "310,557", "0.91 %", "0.020 %", "high · 92"),
                        new SenderLine("IP", "203.0.113.9", "insufficient_data", "$12.50", "311", "0.00 %", "0.000 %", "insufficient data")),
                new Alerts("4 alerts started: 2 critical, 2 warning; 3 acknowledged, median 12 min",
                        List.of(new AlertLine("Tue 24 Nov 13:42", "mail.shop-example.com", "critical", "resolved", "$18,200.00", "6 min (alice)"),
                                new AlertLine("Wed 25 Nov 09:15", HOSTILE, "warning", "resolved", "$3,400.00", "12 min (bob)"),
                                new AlertLine("Fri 27 Nov 22:03", "198.51.100.23", "warning", "acknowledged", "$1,120.00", "41 min (carol)"),
                                new AlertLine("Mon 30 Nov 06:51", "mail.shop-example.com", "critical", "firing", "$2,310.00", "not acknowledged · 1 h 9 min so far"))),
                new Cost("November 2026", "$862.44", "$0.00072", "$0.72", "$120.00 a month from 2 underused IPs",
                        List.of(new SavingLine("198.51.100.7", "4 % of capacity", "$60.00 a month"),
                                new SavingLine("198.51.100.8", "7 % of capacity", "$60.00 a month"))),
                List.of(new DecisionLine("Move newsletters to a dedicated IP pool", "at_risk", "Tue 1 Dec 2026",
                                "bounce_rate 2.10 % against target 1.50 % (progress 40 %)", "ROI 3.2× ($4,000.00 a month)"),
                        new DecisionLine("Sunset inactive subscribers after 180 days", "on_track", "Tue 15 Dec 2026",
                                "spam_rate 0.071 % against target 0.080 % (progress 90 %)", "ROI 5.0× ($1,250.00 a month)"),
                        new DecisionLine("Review warm-up of 198.51.100.23", "review_overdue", "Fri 27 Nov 2026",
                                "review was due 3 days ago", "–")),
                "… and 4 more decisions in the dashboard's Strategic Decision Tracker.",
                List.of(new ActionLine("Pause campaigns from mail.shop-example.com", "critical for 2 h 10 min; bounce rate 4.92 % ≥ 4 %", "$24,310.00 at risk"),
                        new ActionLine("Retire 198.51.100.7", "4 % of capacity for 30 days", "$60.00 a month"),
                        new ActionLine("Retire 198.51.100.8", "7 % of capacity for 30 days", "$60.00 a month"),
                        new ActionLine("Re-verify the list of " + HOSTILE, "spam rate 0.120 % × 2 the account's average", "–")),
                null);
    }

    private static ReportDocument emptyDocument() {
        return new ReportDocument("Executive report", "Mon 23 Nov 2026 08:00 – Mon 30 Nov 2026 08:00 (Europe/Berlin)",
                "Generated Mon 30 Nov 2026 08:00 CET · report 1",
                new Health("100", "the first report", "no_data", "score = 100 × (1 − 0)", List.of()),
                List.of(),
                RevenueRiskChart.draw(List.of(), "Revenue at risk per hour: no traffic in the period", BERLIN),
                List.of(),
                new Alerts("No alerts started.", List.of()),
                new Cost("November 2026", "$0.00", "–", "–", "none", List.of()),
                List.of(),
                null,
                List.of(),
                null);
    }

    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    }

    private static List<PDImageXObject> images(PDResources resources) throws IOException {
        List<PDImageXObject> out = new ArrayList<>();
        if (resources == null) return out;
        for (COSName name : resources.getXObjectNames()) {
            PDXObject x = resources.getXObject(name);
            if (x instanceof PDImageXObject image) out.add(image);
            else if (x instanceof PDFormXObject form) out.addAll(images(form.getResources()));
        }
        return out;
    }

    private static List<String> fontNames(PDPage page) throws IOException {
        List<String> out = new ArrayList<>();
        for (COSName name : page.getResources().getFontNames()) out.add(page.getResources().getFont(name).getName());
        return out;
    }

    private static int darkPixels(BufferedImage image, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int x = x0; x < x1; x++) {
            for (int y = y0; y < y1; y++) {
                int rgb = image.getRGB(x, y);
                int lum = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
                if (lum < 160) n++;
            }
        }
        return n;
    }
}
