package dev.revguard.job.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revguard.job.notify.RetryPolicy.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void answersAreClassifiedAsTheSpecificationSays() {
        assertThat(RetryPolicy.classify(200)).isEqualTo(Outcome.DELIVERED);
        assertThat(RetryPolicy.classify(204)).isEqualTo(Outcome.DELIVERED);
        assertThat(RetryPolicy.classify(410)).isEqualTo(Outcome.DISABLE_TARGET);
        assertThat(RetryPolicy.classify(429)).isEqualTo(Outcome.RETRY);
        assertThat(RetryPolicy.classify(500)).isEqualTo(Outcome.RETRY);
        assertThat(RetryPolicy.classify(503)).isEqualTo(Outcome.RETRY);
        assertThat(RetryPolicy.classify(null)).as("timeout or connection error").isEqualTo(Outcome.RETRY);
        assertThat(RetryPolicy.classify(400)).isEqualTo(Outcome.GIVE_UP);
        assertThat(RetryPolicy.classify(401)).isEqualTo(Outcome.GIVE_UP);
    }

    @RepeatedTest(5)
    void backoffDoublesWithJitterUpToTheCapAndHonoursRetryAfter() {
        RetryPolicy p = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(p.delayAfter(1, null)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(p.delayAfter(2, null)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(p.delayAfter(4, null)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(p.delayAfter(30, null)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        assertThat(p.delayAfter(1, Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        assertThat(RetryPolicy.parseRetryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 12:01:30 GMT", now)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isNull();
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isNull();
    }
}
