package dev.revguard.job.tools.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.revguard.job.source.Outcome;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The message lifecycle: a send, an outcome in realistic proportions, and the scenarios' trouble. */
class SendersTest {

    private static Map<Outcome, Integer> finalOutcomes(List<Message> messages) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Message m : messages) {
            for (Message.Step s : m.steps().subList(1, m.steps().size())) {
                counts.merge(s.outcome(), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Test
    void everyMessageIsSentFirstAndItsEventsFollowInTime() {
        Senders senders = new Senders(40, 20, 12, Scenario.NONE);
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Message m = senders.next(Messages.T0 + i, 0, "sendgrid", random);
            List<Message.Step> steps = m.steps();
            assertThat(steps.get(0).outcome()).isEqualTo(Outcome.SENT);
            assertThat(steps.get(0).at()).isEqualTo(Messages.T0 + i);
            assertThat(steps).hasSizeBetween(2, 4);
            for (int s = 1; s < steps.size(); s++) {
                assertThat(steps.get(s).at()).isGreaterThan(steps.get(s - 1).at());
                assertThat(steps.get(s).outcome()).isNotEqualTo(Outcome.SENT);
            }
            if (steps.get(1).outcome() == Outcome.DEFERRED) {
                assertThat(steps.get(2).outcome()).isIn(Outcome.DELIVERED, Outcome.SOFT_BOUNCED, Outcome.BOUNCED);
            }
            if (steps.get(steps.size() - 1).outcome() == Outcome.SPAM_COMPLAINT) {
                assertThat(steps.get(steps.size() - 2).outcome()).isEqualTo(Outcome.DELIVERED);
            }
            // Every later event comes within the job's allowed lateness and IP attribution wait of the send
            // (the retries after a deferral excepted).
            assertThat(steps.get(1).at() - steps.get(0).at()).isLessThanOrEqualTo(60_000);
            assertThat(m.provider()).isEqualTo("sendgrid");
            assertThat(m.recipient()).endsWith("@" + m.recipientDomain());
        }
    }

    @Test
    void healthyTrafficHasRealisticProportions() {
        Senders senders = new Senders(40, 20, 12, Scenario.NONE);
        Random random = new Random(12);
        List<Message> messages = new java.util.ArrayList<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            messages.add(senders.next(Messages.T0 + i, 0, "posthog", random));
        }
        Map<Outcome, Integer> c = finalOutcomes(messages);
        // 96.8 % delivered at once, and most of the 1 % deferred later.
        assertThat(c.get(Outcome.DELIVERED) / (double) n).isCloseTo(0.9765, within(0.003));
        assertThat(c.get(Outcome.BOUNCED) / (double) n).isCloseTo(0.01, within(0.002));
        assertThat(c.get(Outcome.SOFT_BOUNCED) / (double) n).isCloseTo(0.011, within(0.002));
        assertThat(c.get(Outcome.DEFERRED) / (double) n).isCloseTo(0.01, within(0.002));
        assertThat(c.get(Outcome.DROPPED) / (double) n).isCloseTo(0.002, within(0.001));
        assertThat(c.get(Outcome.SPAM_COMPLAINT) / (double) c.get(Outcome.DELIVERED)).isCloseTo(0.0008, within(0.0004));
        // PostHog-reported mail names the provider that sent it.
        assertThat(messages.stream().map(Message::provider).distinct()).containsExactlyInAnyOrder("sendgrid", "mailgun", "ses");
    }

    @Test
    void theDegradingDomainBouncesAQuarterOfItsMailFromMinuteThreeAndRecoversAtSix() {
        Senders senders = new Senders(40, 20, 12, Scenario.DOMAIN_DEGRADES);
        Random random = new Random(13);
        int sent = 0;
        int bounced = 0;
        int sentLater = 0;
        int bouncedLater = 0;
        for (int i = 0; i < 100_000; i++) {
            boolean later = i % 2 == 0;
            Message m = senders.next(Messages.T0, later ? 7.0 : 4.0, "mailgun", random);
            if (!m.domain().equals(Senders.DEGRADING_DOMAIN)) {
                continue;
            }
            assertThat(m.account()).isEqualTo("acct-degrading");
            boolean b = m.steps().get(1).outcome() == Outcome.BOUNCED;
            if (later) {
                sentLater++;
                bouncedLater += b ? 1 : 0;
            } else {
                sent++;
                bounced += b ? 1 : 0;
            }
        }
        assertThat(sent / 50_000.0).isCloseTo(0.15, within(0.01));
        assertThat(bounced / (double) sent).isCloseTo(0.25, within(0.02));
        assertThat(bouncedLater / (double) sentLater).isCloseTo(0.01, within(0.005));
    }

    @Test
    void theSpikingIpDrawsComplaintsFromMinuteOneToFour() {
        Senders senders = new Senders(40, 20, 12, Scenario.SPAM_SPIKE);
        Random random = new Random(14);
        int delivered = 0;
        int complaints = 0;
        for (int i = 0; i < 200_000; i++) {
            Message m = senders.next(Messages.T0, 2.0, "ses", random);
            if (!m.ip().equals(Senders.SPIKING_IP)) {
                continue;
            }
            for (Message.Step s : m.steps()) {
                delivered += s.outcome() == Outcome.DELIVERED ? 1 : 0;
                complaints += s.outcome() == Outcome.SPAM_COMPLAINT ? 1 : 0;
            }
        }
        assertThat(complaints / (double) delivered).isCloseTo(0.04, within(0.005));
    }
}
