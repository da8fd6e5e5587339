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
}
