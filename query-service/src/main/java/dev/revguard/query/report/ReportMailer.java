package dev.revguard.query.report;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a stored report over SMTP: the page as the HTML body (its chart as an inline image, since mail clients
 * block data: URIs) and the PDF attached.
 */
public final class ReportMailer {
    static final String CHART_CID = "revenue-risk-chart@revguard";
    private static final Pattern DATA_URI = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)");

    private final SmtpSettings smtp;
    private final Session session;

    public ReportMailer(SmtpSettings smtp) {
        this.smtp = smtp;
        this.session = Session.getInstance(properties(smtp));
    }

    private static Properties properties(SmtpSettings s) {
        String protocol = s.security() == SmtpSettings.Security.TLS ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put(p + "host", s.host());
        props.put(p + "port", String.valueOf(s.port()));
        props.put(p + "auth", String.valueOf(s.username() != null));
        String millis = String.valueOf(s.timeout().toMillis());
        props.put(p + "connectiontimeout", millis);
        props.put(p + "timeout", millis);
        props.put(p + "writetimeout", millis);
        if (s.security() == SmtpSettings.Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (s.security() != SmtpSettings.Security.NONE) {
            if (s.sslTrust() != null) {
                // hosts named by SMTP_SSL_TRUST are trusted with whatever certificate they present, names included
                props.put(p + "ssl.trust", s.sslTrust());
                props.put(p + "ssl.checkserveridentity", "false");
            } else {
                props.put(p + "ssl.checkserveridentity", "true");
            }
        }
        return props;
    }

    /** The message of a stored report, as it is sent. */
    public MimeMessage message(String subject, String html, byte[] pdf, Instant from, Instant to) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(smtp.from());
        m.setRecipients(Message.RecipientType.TO, smtp.recipients().toArray(new jakarta.mail.Address[0]));
        m.setSubject(subject, StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());

        MimeMultipart related = new MimeMultipart("related");
        MimeBodyPart page = new MimeBodyPart();
        Matcher chart = DATA_URI.matcher(html);
        byte[] png = null;
        if (chart.find()) {
            png = Base64.getDecoder().decode(chart.group(1));
            html = html.substring(0, chart.start()) + "cid:" + CHART_CID + html.substring(chart.end());
        }
        page.setContent(html, "text/html; charset=utf-8");
        related.addBodyPart(page);
        if (png != null) {
            MimeBodyPart image = new MimeBodyPart();
            image.setDataHandler(new DataHandler(new ByteArrayDataSource(png, "image/png")));
            image.setContentID("<" + CHART_CID + ">");
            image.setDisposition(Part.INLINE);
            image.setFileName("revenue-risk.png");
            related.addBodyPart(image);
        }
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(related);

        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
        attachment.setDisposition(Part.ATTACHMENT);
        attachment.setFileName(fileName(from, to));

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        mixed.addBodyPart(attachment);
        m.setContent(mixed);
        m.saveChanges();
        return m;
    }

    /** {@code revguard-report-2026-11-23-to-2026-11-30.pdf}, in UTC dates. */
    public static String fileName(Instant from, Instant to) {
        return "revguard-report-" + from.atZone(ZoneOffset.UTC).toLocalDate() + "-to-" + to.atZone(ZoneOffset.UTC).toLocalDate()
                + ".pdf";
    }

    /** Sends it to every recipient, or throws saying why not. */
    public void send(MimeMessage m) throws MessagingException {
        try (Transport t = session.getTransport()) {
            t.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
            t.sendMessage(m, m.getAllRecipients());
        }
    }
}
