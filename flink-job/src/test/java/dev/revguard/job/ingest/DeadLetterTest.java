package dev.revguard.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.source.Reasons;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    @Test
    void thePayloadIsCutAndFreeOfNulCharactersAndKeepsItsFullSize() {
        byte[] raw = ("abc\u0000" + "x".repeat(100)).getBytes(StandardCharsets.UTF_8);
        DeadLetter d = DeadLetter.of("t", 1, 2, "posthog", Reasons.UNPARSEABLE_JSON, "cut\u0000off", raw, 64);
        assertThat(d.payload()).hasSize(64).doesNotContain("\u0000").startsWith("abc\uFFFD");
        assertThat(d.detail()).isEqualTo("cut\uFFFDoff");
        assertThat(d.payloadBytes()).isEqualTo(104);
        assertThat(d.source()).isEqualTo("posthog");
    }
}
