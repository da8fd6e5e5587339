package dev.revguard.query.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Prints the report's XHTML ({@link ReportTemplate}) to PDF with openhtmltopdf. The paper comes from the
 * setting, not from the style sheet, which has no {@code @page size}. DejaVu Sans is embedded when the
 * system has it (Debian's fonts-dejavu-core), so that − × ≥ · – print; without it the PDF falls back to the
 * built-in Helvetica. openhtmltopdf's log goes to SLF4J.
 */
public final class ReportPdf {
    static final String FONT_FAMILY = "DejaVu Sans";
    private static final File REGULAR = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    private static final File BOLD = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");

    static {
        XRLog.setLoggerImpl(new Slf4jXRLogger());
    }

    /** The paper a report is printed on; the setting {@code REPORT_PAPER} names it as "a4" or "letter". */
    public enum Paper {
        A4(210f, 297f),
        LETTER(215.9f, 279.4f);

        private final float widthMm;
        private final float heightMm;

        Paper(float widthMm, float heightMm) {
            this.widthMm = widthMm;
            this.heightMm = heightMm;
        }

        public float widthMm() {
            return widthMm;
        }

        public float heightMm() {
            return heightMm;
        }

        /**
         * The paper a setting names, in any case: "a4" or "letter" (also "us-letter"); null or blank is A4.
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Paper parse(String setting) {
            if (setting == null || setting.isBlank()) return A4;
            return switch (setting.trim().toLowerCase(Locale.ROOT)) {
                case "a4" -> A4;
                case "letter", "us-letter", "us_letter" -> LETTER;
                default -> throw new IllegalArgumentException(
                        "REPORT_PAPER must be a4 or letter, not \"" + setting.trim() + "\"");
            };
        }
    }

    private ReportPdf() {}

    /**
     * The PDF of a report page.
     *
     * @param xhtml well-formed XHTML with its images inline as {@code data:} URIs, as {@link ReportTemplate#html}
     * @throws UncheckedIOException when openhtmltopdf cannot read the page or write the PDF
     */
    public static byte[] render(String xhtml, Paper paper) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.withHtmlContent(xhtml, null);
        builder.useDefaultPageSize(paper.widthMm(), paper.heightMm(), PdfRendererBuilder.PageSizeUnits.MM);
        if (REGULAR.isFile() && BOLD.isFile()) {
            builder.useFont(REGULAR, FONT_FAMILY, 400, FontStyle.NORMAL, true);
            builder.useFont(BOLD, FONT_FAMILY, 700, FontStyle.NORMAL, true);
        }
        builder.toStream(out);
        try {
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("the report could not be printed to PDF", e);
        }
        return out.toByteArray();
    }

    /** Whether the PDF embeds DejaVu Sans (else it prints in Helvetica, without − × ≥). */
    static boolean embedsDejaVu() {
        return REGULAR.isFile() && BOLD.isFile();
    }
}
