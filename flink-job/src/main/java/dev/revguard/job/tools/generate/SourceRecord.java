package dev.revguard.job.tools.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * One record as its source writes it to Kafka: the key ({@code <provider>:<event id>}, null for
 * PostHog), the event id the intake or a retry would reuse (SES: the SNS message id), the event
 * time, and the JSON value; a truncated record's value is the first half of the JSON.
 */
public record SourceRecord(String source, String key, String id, long eventTime, JsonNode body, boolean truncated) {

    public byte[] value() {
        String json = Json.write(body);
        return (truncated ? json.substring(0, json.length() / 2) : json).getBytes(StandardCharsets.UTF_8);
    }

    SourceRecord withBody(String newKey, JsonNode newBody) {
        return new SourceRecord(source, newKey, id, eventTime, newBody, truncated);
    }

    SourceRecord truncate() {
        return new SourceRecord(source, key, id, eventTime, body, true);
    }
}
