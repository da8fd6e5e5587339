package dev.revguard.job.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        // The example of the Standard Webhooks specification's reference libraries.
        WebhookSigner signer = new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(signer.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}",
                "v1,bm9ldmVu " + signature)).isTrue();
        assertThat(signer.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, "{\"test\": 2432232314}", signature)).isFalse();
    }

    @Test
    void aPlainSecretIsUsedAsItsBytes() {
        WebhookSigner a = new WebhookSigner("a-plain-text-secret");
        assertThat(a.sign("msg_1", 1, "{}")).startsWith("v1,").isNotEqualTo(new WebhookSigner("another-plain-secret").sign("msg_1", 1, "{}"));
    }
}
