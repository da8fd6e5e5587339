package dev.revguard.job.notify;

import dev.revguard.job.alert.AlertTransition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AlertmanagerPayloadTest {
    @Test
    void isAnAlertmanagerVersion4Webhook() throws Exception {
        AlertTransition t = new AlertTransition("alr_0123456789abcdef0123", "msg_x", 2, "escalated", "firing", "critical",
                "critical", "sending_domain", "mail.example.com", 1_795_500_000_000L, 0, 1_795_500_300_000L, 1000,
                0.2, 0.001, 0.79, 28_872.0);
        JsonNode body = new ObjectMapper().readTree(AlertmanagerPayload.body(t, "https://revguard.example"));
        assertThat(body.get("version").asText()).isEqualTo("4");
        assertThat(body.get("status").asText()).isEqualTo("firing");
        assertThat(body.get("receiver").asText()).isEqualTo("revguard");
        assertThat(body.get("externalURL").asText()).isEqualTo("https://revguard.example");
        assertThat(body.get("groupKey").asText()).contains("dimension_value=\"mail.example.com\"");
        assertThat(body.get("groupLabels").get("dimension").asText()).isEqualTo("sending_domain");
        assertThat(body.get("commonLabels").get("severity").asText()).isEqualTo("critical");
        JsonNode alert = body.get("alerts").get(0);
        assertThat(alert.get("status").asText()).isEqualTo("firing");
        assertThat(alert.get("labels").get("alertname").asText()).isEqualTo("RevguardDeliverabilityRisk");
        assertThat(alert.get("labels").get("dimension_value").asText()).isEqualTo("mail.example.com");
        assertThat(alert.get("annotations").get("revenue_risk_usd").asText()).isEqualTo("28872.00");
        assertThat(alert.get("annotations").get("bounce_rate").asText()).isEqualTo("0.2000");
        assertThat(alert.get("annotations").get("spam_rate").asText()).isEqualTo("0.0010");
        assertThat(alert.get("annotations").get("summary").asText())
                .isEqualTo("sending_domain mail.example.com escalated to critical: $28,872.00 revenue at risk");
        assertThat(alert.get("annotations").get("dashboard").asText())
                .isEqualTo("https://revguard.example/?dimension=sending_domain&value=mail.example.com");
        assertThat(alert.get("startsAt").asText()).isEqualTo("2026-11-24T06:00:00Z");
        assertThat(alert.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(alert.get("fingerprint").asText()).isEqualTo("0123456789abcdef0123");
    }

    @Test
    void anEscalationIsTheSameAlertFiringWithItsOwnLabelAndTransition() throws Exception {
        AlertTransition t = new AlertTransition("alr_0123456789abcdef0123", "msg_x", 2, "escalated", "firing", "critical",
                "critical", "sending_domain", "mail.example.com", 1_795_500_000_000L, 0, 1_795_500_300_000L, 1000,
                0.2, 0.001, 0.79, 28_872.0);
        ObjectMapper json = new ObjectMapper();
        JsonNode critical = json.readTree(AlertmanagerPayload.body(t, "https://revguard.example"));
        JsonNode body = json.readTree(AlertmanagerPayload.escalation(critical.toString(), java.time.Duration.ofMinutes(15)));
        JsonNode alert = body.get("alerts").get(0);
        assertThat(body.get("status").asText()).isEqualTo("firing");
        assertThat(alert.get("labels").get("escalation").asText()).isEqualTo("true");
        assertThat(body.get("commonLabels").get("escalation").asText()).isEqualTo("true");
        assertThat(alert.get("labels").get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("annotations").get("transition").asText()).isEqualTo("unacknowledged");
        assertThat(alert.get("annotations").get("summary").asText()).isEqualTo(
                "sending_domain mail.example.com escalated to critical: $28,872.00 revenue at risk; not acknowledged after 15 minutes");
        assertThat(body.get("groupKey").asText()).isEqualTo("{}:{alertname=\"RevguardDeliverabilityRisk\", "
                + "dimension=\"sending_domain\", dimension_value=\"mail.example.com\", escalation=\"true\"}");
        assertThat(alert.get("startsAt")).isEqualTo(critical.get("alerts").get(0).get("startsAt"));
        assertThat(alert.get("fingerprint")).isEqualTo(critical.get("alerts").get(0).get("fingerprint"));
    }

    @Test
    void alertmanagerTakesTheNotificationsLabelsAndAnnotations() throws Exception {
        AlertTransition t = new AlertTransition("alr_0123456789abcdef0123", "msg_x", 1, "firing", "firing", "monitor",
                "monitor", "sending_ip", "198.51.100.7", 1_795_500_000_000L, 0, 1_795_500_300_000L, 1000,
                0.06, 0.001, 0.93, 120.0);
        java.time.Instant ends = java.time.Instant.parse("2026-12-07T10:04:00Z");
        AlertmanagerClient.Posted p = AlertmanagerClient.posted(t.alertId(), AlertmanagerPayload.body(t, "https://r.example"), true, ends);
        assertThat(p.severity()).isEqualTo("monitor");
        assertThat(p.alert().get("labels").toString()).isEqualTo("{\"alertname\":\"RevguardDeliverabilityRisk\","
                + "\"severity\":\"monitor\",\"dimension\":\"sending_ip\",\"dimension_value\":\"198.51.100.7\"}");
        assertThat(p.alert().get("annotations").get("transition").asText()).isEqualTo("firing");
        assertThat(p.alert().get("startsAt").asText()).isEqualTo("2026-11-24T06:00:00Z");
        assertThat(p.alert().get("endsAt").asText()).isEqualTo("2026-12-07T10:04:00Z");
        assertThat(p.alert().get("generatorURL").asText()).isEqualTo("https://r.example/?dimension=sending_ip&value=198.51.100.7");
        assertThat(p.alert().has("status")).as("Alertmanager's API takes no status: endsAt says it").isFalse();
    }
}
