package dev.revguard.query.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * {@code revguard_intake_requests_total{provider}}, {@code revguard_intake_records_total{provider}}
 * (records acknowledged by Kafka) and {@code revguard_intake_refusals_total{provider, reason}}.
 */
public final class IntakeMetrics {
    static final List<String> PROVIDERS = List.of("sendgrid", "mailgun", "ses", "posthog");

    private final MeterRegistry registry;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String p : PROVIDERS) {
            requests(p);
            records(p);
        }
    }

    void request(String provider) {
        requests(provider).increment();
    }

    void stored(String provider, int count) {
        records(provider).increment(count);
    }

    void refused(String provider, String reason) {
        Counter.builder("revguard.intake.refusals")
                .description("Webhook requests the intake refused, by provider and reason (nothing of them was stored)")
                .tag("provider", provider)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    private Counter requests(String provider) {
        return Counter.builder("revguard.intake.requests")
                .description("Webhook requests received by the intake, by provider")
                .tag("provider", provider)
                .register(registry);
    }

    private Counter records(String provider) {
        return Counter.builder("revguard.intake.records")
                .description("Events the intake wrote to Kafka (acknowledged), by provider")
                .tag("provider", provider)
                .register(registry);
    }
}
