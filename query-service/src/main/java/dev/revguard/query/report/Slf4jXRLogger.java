package dev.revguard.query.report;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLogger;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * openhtmltopdf's log routed to SLF4J, under the logger {@code com.openhtmltopdf.<area>}: its SEVERE as
 * error, WARNING as warn, everything else as debug, so that rendering a report stays quiet unless
 * something went wrong. Warnings about the style sheet are debug: the sheet is shared with browsers and
 * e-mail clients, and the screen's rules (media queries, scrolling) are not for the PDF by design.
 */
final class Slf4jXRLogger implements XRLogger {

    @Override
    public void log(String where, Level level, String msg) {
        log(where, level, msg, null);
    }

    @Override
    public void log(String where, Level level, String msg, Throwable th) {
        Logger logger = logger(where);
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) logger.error(msg, th);
        else if (v >= Level.WARNING.intValue() && !isCss(where)) logger.warn(msg, th);
        else logger.debug(msg, th);
    }

    @Override
    public void setLevel(String logger, Level level) {
        // levels are the SLF4J back end's configuration
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
        Logger logger = LoggerFactory.getLogger("com.openhtmltopdf");
        int v = diagnostic.getLevel().intValue();
        if (v >= Level.SEVERE.intValue()) return logger.isErrorEnabled();
        if (v >= Level.WARNING.intValue()) return logger.isWarnEnabled();
        return logger.isDebugEnabled();
    }

    private static boolean isCss(String where) {
        return where != null && where.endsWith("css-parse");
    }

    private static Logger logger(String where) {
        return LoggerFactory.getLogger(where == null || where.isBlank() ? "com.openhtmltopdf" : where);
    }
}
