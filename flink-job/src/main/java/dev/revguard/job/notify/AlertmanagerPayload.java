package dev.revguard.job.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.job.alert.AlertTransition;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of a notification, compatible with the Prometheus Alertmanager webhook (version 4), so
 * that any tool that takes an Alertmanager webhook takes revguard's.
 */
public final class AlertmanagerPayload {
    /** The receiver name Alertmanager-compatible payloads carry. */
    public static final String RECEIVER = "revguard";
    public static final String ALERT_NAME = "RevguardDeliverabilityRisk";
    /** Alertmanager's "not ended" time. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertmanagerPayload() {}

    public static String body(AlertTransition t, String externalUrl) {
        String dashboard = externalUrl + "/?dimension=" + encode(t.dimension()) + "&value=" + encode(t.value());

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", ALERT_NAME);
        labels.put("severity", t.severity());
        labels.put("dimension", t.dimension());
        labels.put("dimension_value", t.value());

        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary(t));
        annotations.put("description", description(t));
        annotations.put("revenue_risk_usd", String.format(Locale.ROOT, "%.2f", t.revenueRiskUsd()));
        annotations.put("bounce_rate", rate(t.bounceRate()));
        annotations.put("spam_rate", rate(t.spamRate()));
        annotations.put("deliverability_rate", rate(t.deliverabilityRate()));
        annotations.put("transition", t.kind());
        annotations.put("dashboard", dashboard);

        Map<String, String> groupLabels = new LinkedHashMap<>();
        groupLabels.put("alertname", ALERT_NAME);
        groupLabels.put("dimension", t.dimension());
        groupLabels.put("dimension_value", t.value());

        ObjectNode alert = JSON.createObjectNode();
        alert.put("status", t.status());
        alert.set("labels", JSON.valueToTree(labels));
        alert.set("annotations", JSON.valueToTree(annotations));
        alert.put("startsAt", Instant.ofEpochMilli(t.startsAt()).toString());
        alert.put("endsAt", t.endsAt() == 0 ? ZERO_TIME : Instant.ofEpochMilli(t.endsAt()).toString());
        alert.put("generatorURL", dashboard);
        alert.put("fingerprint", t.alertId().substring(4));

        ObjectNode root = JSON.createObjectNode();
        root.put("version", "4");
        root.put("groupKey", "{}:{alertname=\"" + ALERT_NAME + "\", dimension=\"" + t.dimension()
                + "\", dimension_value=\"" + t.value() + "\"}");
        root.put("truncatedAlerts", 0);
        root.put("status", t.status());
        root.put("receiver", AlertmanagerPayload.RECEIVER);
        root.set("groupLabels", JSON.valueToTree(groupLabels));
        root.set("commonLabels", JSON.valueToTree(labels));
        root.set("commonAnnotations", JSON.valueToTree(annotations));
        root.put("externalURL", externalUrl);
        root.set("alerts", JSON.valueToTree(List.of(alert)));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The body of the escalation of a critical notification nobody acknowledged: the same alert, firing, its labels
     * plus {@code escalation="true"}, annotation {@code transition: unacknowledged}.
     */
    static String escalation(String criticalBody, java.time.Duration unacknowledgedFor) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(criticalBody);
            ObjectNode alert = (ObjectNode) root.get("alerts").get(0);
            String summary = alert.get("annotations").get("summary").asText()
                    + "; not acknowledged after " + minutes(unacknowledgedFor);
            for (ObjectNode labels : List.of((ObjectNode) alert.get("labels"), (ObjectNode) root.get("commonLabels"))) {
                labels.put("escalation", "true");
            }
            for (ObjectNode annotations : List.of((ObjectNode) alert.get("annotations"), (ObjectNode) root.get("commonAnnotations"))) {
                annotations.put("transition", AlertTransition.UNACKNOWLEDGED);
                annotations.put("summary", summary);
            }
            root.put("status", "firing");
            alert.put("status", "firing");
            String groupKey = root.get("groupKey").asText();
            root.put("groupKey", groupKey.substring(0, groupKey.lastIndexOf('}')) + ", escalation=\"true\"}");
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("cannot read the critical notification's body: " + e.getMessage(), e);
        }
    }

    private static String minutes(java.time.Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? (s / 60) + (s == 60 ? " minute" : " minutes") : s + " seconds";
    }

    static String summary(AlertTransition t) {
        String who = t.dimension() + " " + t.value();
        return switch (t.kind()) {
            case AlertTransition.RESOLVED -> who + " is healthy again";
            case AlertTransition.ESCALATED -> who + " escalated to " + t.severity() + ": " + money(t.revenueRiskUsd()) + " revenue at risk";
            default -> who + " is " + t.severity() + ": " + money(t.revenueRiskUsd()) + " revenue at risk";
        };
    }

    static String description(AlertTransition t) {
        return String.format(Locale.ROOT,
                "%s %s: bounce rate %s, spam rate %s, deliverability %s over %,d sent (evaluated up to %s); "
                        + "projected monthly revenue at risk %s. Incident started %s.",
                t.dimension(), t.value(), percent(t.bounceRate()), percent(t.spamRate()), percent(t.deliverabilityRate()),
                t.sent(), Instant.ofEpochMilli(t.changedAt()), money(t.revenueRiskUsd()), Instant.ofEpochMilli(t.startsAt()));
    }

    private static String rate(Double r) {
        return r == null ? "" : String.format(Locale.ROOT, "%.4f", r);
    }

    private static String percent(Double r) {
        return r == null ? "n/a" : String.format(Locale.ROOT, "%.2f%%", r * 100);
    }

    private static String money(double usd) {
        return String.format(Locale.ROOT, "$%,.2f", usd);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
