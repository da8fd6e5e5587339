package dev.revguard.query.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.SimpleDateFormat;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.RangeType;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * Draws the report's revenue-risk trend as a PNG: dollars of revenue at risk over time, one accent
 * colour with a light fill, no title (the report has its own headings). The image is drawn at twice its
 * display size for sharp printing and high-density screens; {@link ReportDocument.Chart#width()} and
 * {@link ReportDocument.Chart#height()} are the display size in CSS pixels, the PNG has twice as many.
 * Never throws for its data: an empty period gives a picture saying so.
 */
public final class RevenueRiskChart {
    /** Display width in CSS pixels. */
    public static final int WIDTH = 800;
    /** Display height in CSS pixels. */
    public static final int HEIGHT = 260;
    /** Pixels per CSS pixel in the PNG. */
    public static final int SCALE = 2;

    static final String NO_DATA = "no traffic in the period";

    private static final Color ACCENT = new Color(0xd9, 0x48, 0x0f);
    private static final Color FILL = new Color(0xd9, 0x48, 0x0f, 0x2e);
    private static final Color GRID = new Color(0xe3, 0xe5, 0xe8);
    private static final Color AXIS = new Color(0xad, 0xb5, 0xbd);
    private static final Color TEXT = new Color(0x49, 0x50, 0x57);
    private static final String FONT_FAMILY = fontFamily();

    private RevenueRiskChart() {}

    /** The chart of {@code points} with its times labelled in UTC. */
    public static ReportDocument.Chart draw(List<ReportDocument.Point> points, String caption) {
        return draw(points, caption, ZoneOffset.UTC);
    }

    /**
     * The chart of {@code points}, its times labelled in {@code zone} (the report's time zone).
     *
     * @param points the buckets in any order; null, or points without a time or with a non-finite value, are left out
     * @param caption the figures in words, carried unchanged into the returned chart
     */
    public static ReportDocument.Chart draw(List<ReportDocument.Point> points, String caption, ZoneId zone) {
        ensureHeadless();
        List<ReportDocument.Point> usable = points == null ? List.of()
                : points.stream()
                        .filter(p -> p != null && p.start() != null && Double.isFinite(p.revenueRiskUsd()))
                        .sorted((a, b) -> a.start().compareTo(b.start()))
                        .toList();
        byte[] png = png(chart(usable, zone == null ? ZoneOffset.UTC : zone));
        return new ReportDocument.Chart(png, WIDTH, HEIGHT, caption, usable);
    }

    private static JFreeChart chart(List<ReportDocument.Point> points, ZoneId zone) {
        TimeSeries series = new TimeSeries("Revenue at risk");
        for (ReportDocument.Point p : points) {
            series.addOrUpdate(new FixedMillisecond(p.start().toEpochMilli()), p.revenueRiskUsd());
        }
        TimeSeriesCollection data = new TimeSeriesCollection(series);
        TimeZone tz = TimeZone.getTimeZone(zone);

        DateAxis x = new DateAxis();
        x.setTimeZone(tz);
        TickUnits dateUnits = dateUnits(tz);
        x.setStandardTickUnits(dateUnits);
        if (points.size() >= 2) {
            long span = points.get(points.size() - 1).start().toEpochMilli() - points.get(0).start().toEpochMilli();
            x.setTickUnit((DateTickUnit) coarsest(dateUnits, span, 8), false, true);
        }
        x.setLowerMargin(0);
        x.setUpperMargin(0);
        NumberAxis y = new NumberAxis();
        y.setAutoRangeIncludesZero(true);
        y.setRangeType(RangeType.POSITIVE);
        y.setUpperMargin(0.12);
        y.setAutoRangeMinimumSize(10);
        TickUnits dollarUnits = dollarUnits();
        y.setStandardTickUnits(dollarUnits);
        double max = points.stream().mapToDouble(ReportDocument.Point::revenueRiskUsd).max().orElse(0);
        if (max > 0) y.setTickUnit((NumberTickUnit) coarsest(dollarUnits, max * 1.12, 6), false, true);
        Font tickFont = new Font(FONT_FAMILY, Font.PLAIN, 12);
        for (var axis : List.of(x, y)) {
            axis.setTickLabelFont(tickFont);
            axis.setTickLabelPaint(TEXT);
            axis.setAxisLinePaint(AXIS);
            axis.setTickMarkPaint(AXIS);
            axis.setTickMarkOutsideLength(3);
        }
        y.setAxisLineVisible(false);
        y.setTickMarksVisible(false);

        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, ACCENT);
        line.setSeriesStroke(0, new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        XYAreaRenderer area = new XYAreaRenderer(XYAreaRenderer.AREA);
        area.setSeriesPaint(0, FILL);
        area.setOutline(false);

        XYPlot plot = new XYPlot();
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setDataset(0, data);
        plot.setRenderer(0, line);
        plot.setDataset(1, data);
        plot.setRenderer(1, area);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setInsets(new RectangleInsets(8, 4, 4, 28)); // room for the last time label
        plot.setNoDataMessage(NO_DATA);
        plot.setNoDataMessageFont(new Font(FONT_FAMILY, Font.PLAIN, 15));
        plot.setNoDataMessagePaint(TEXT);
        markPeak(plot, points);
        if (points.isEmpty()) {
            // no axes to read: a light frame around the message
            x.setVisible(false);
            y.setVisible(false);
            plot.setRangeGridlinesVisible(false);
            plot.setOutlineVisible(true);
            plot.setOutlinePaint(GRID);
            plot.setOutlineStroke(new BasicStroke(1f));
            plot.setInsets(new RectangleInsets(1, 1, 1, 1));
        }

        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(RectangleInsets.ZERO_INSETS);
        return chart;
    }

    private static void markPeak(XYPlot plot, List<ReportDocument.Point> points) {
        ReportDocument.Point peak = null;
        for (ReportDocument.Point p : points) {
            if (peak == null || p.revenueRiskUsd() > peak.revenueRiskUsd()) peak = p;
        }
        if (peak == null || peak.revenueRiskUsd() <= 0 || points.size() < 2) return;
        // a dot of 7 CSS pixels at the peak, whatever the ranges of the axes
        XYLineAndShapeRenderer dot = new XYLineAndShapeRenderer(false, true);
        TimeSeries one = new TimeSeries("peak");
        one.add(new FixedMillisecond(peak.start().toEpochMilli()), peak.revenueRiskUsd());
        dot.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        dot.setSeriesPaint(0, ACCENT);
        plot.setDataset(2, new TimeSeriesCollection(one));
        plot.setRenderer(2, dot);
    }

    private static byte[] png(JFreeChart chart) {
        BufferedImage image = new BufferedImage(WIDTH * SCALE, HEIGHT * SCALE, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(SCALE, SCALE);
            chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The smallest unit that divides {@code range} into at most {@code ticks} steps. */
    private static TickUnit coarsest(TickUnits units, double range, int ticks) {
        return units.getCeilingTickUnit(range / ticks);
    }

    private static TickUnits dollarUnits() {
        DecimalFormatSymbols us = DecimalFormatSymbols.getInstance(Locale.US);
        DecimalFormat cents = new DecimalFormat("$#,##0.00", us);
        DecimalFormat dollars = new DecimalFormat("$#,##0", us);
        TickUnits units = new TickUnits();
        for (double magnitude = 0.01; magnitude < 1e10; magnitude *= 10) {
            for (double step : new double[] {1, 2, 2.5, 5}) {
                double size = step * magnitude;
                units.add(new NumberTickUnit(size, size < 1 ? cents : dollars));
            }
        }
        return units;
    }

    private static TickUnits dateUnits(TimeZone tz) {
        SimpleDateFormat time = format("HH:mm", tz);
        SimpleDateFormat day = format("EEE d MMM", tz);
        SimpleDateFormat date = format("d MMM", tz);
        SimpleDateFormat month = format("MMM yyyy", tz);
        TickUnits units = new TickUnits();
        for (int m : new int[] {1, 5, 10, 15, 30}) units.add(new DateTickUnit(DateTickUnitType.MINUTE, m, time));
        for (int h : new int[] {1, 2, 3, 6, 12}) units.add(new DateTickUnit(DateTickUnitType.HOUR, h, time));
        units.add(new DateTickUnit(DateTickUnitType.DAY, 1, day));
        for (int d : new int[] {2, 7, 14}) units.add(new DateTickUnit(DateTickUnitType.DAY, d, date));
        for (int m : new int[] {1, 3, 6}) units.add(new DateTickUnit(DateTickUnitType.MONTH, m, month));
        units.add(new DateTickUnit(DateTickUnitType.YEAR, 1, format("yyyy", tz)));
        return units;
    }

    private static SimpleDateFormat format(String pattern, TimeZone tz) {
        SimpleDateFormat f = new SimpleDateFormat(pattern, Locale.ENGLISH);
        f.setTimeZone(tz);
        return f;
    }

    private static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private static String fontFamily() {
        ensureHeadless();
        try {
            String[] names = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ENGLISH);
            if (Arrays.asList(names).contains("DejaVu Sans")) return "DejaVu Sans";
        } catch (RuntimeException | java.awt.AWTError e) {
            // no font configuration: the logical font below still draws
        }
        return Font.SANS_SERIF;
    }
}
