package dev.revguard.job.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revguard.job.Inputs;
import dev.revguard.job.RevguardJob;
import dev.revguard.job.RiskPipeline;
import dev.revguard.job.config.JobConfig;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fixture file of every source, sent twice through a real broker, counted by the job on a
 * MiniCluster into the real PostgreSQL: the tables hold the fixtures READMEs' expected totals, per
 * source, per window and per sending IP, and every malformed record is a dead letter with the
 * README's reason (twice: each copy is a record of its own).
 */
class FixturesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGNING_KEY = "revguard-fixture-signing-key-0001";
    private static final String SUMS = "SELECT dimension_value || ' ' || sum(sent) || ' ' || sum(delivered) || ' ' || sum(bounced)"
            + " || ' ' || sum(soft_bounced) || ' ' || sum(deferred) || ' ' || sum(dropped) || ' ' || sum(spam_complaints)"
            + " FROM deliverability_window WHERE dimension = '%s' GROUP BY dimension_value";
    private static final String MINUTES = "SELECT to_char(window_start AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || dimension_value"
            + " || ' ' || sent || ' ' || delivered || ' ' || bounced || ' ' || soft_bounced || ' ' || deferred || ' ' || dropped"
            + " || ' ' || spam_complaints || ' ' || is_final FROM deliverability_window WHERE dimension = '%s'"
            + " AND window_start %s";
    private static final String DEAD_LETTERS =
            "SELECT coalesce(source, '-') || ' ' || reason || ' ' || count(*) FROM dead_letter_events GROUP BY source, reason";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static KafkaBroker kafka;

    @TempDir
    Path checkpoints;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void everyFixtureSentTwiceGivesTheReadmeTotalsRowsAndDeadLetters() throws Exception {
        String topic = "fixtures-all";
        List<Map.Entry<String, byte[]>> posthog = posthogRecords();
        // A PostHog report of the outcome SendGrid's delivered.json reports: one outcome, two sources.
        posthog.add(entry(null, ("{\"uuid\":\"0195-cross-source\",\"event\":\"email_deliverability_event\","
                + "\"timestamp\":\"2026-03-02T14:05:04Z\",\"properties\":{\"status\":\"delivered\",\"account_id\":\"acct-1001\","
                + "\"sending_domain\":\"news.example.com\",\"sending_ip\":\"192.0.2.10\",\"provider\":\"sendgrid\","
                + "\"recipient_domain\":\"example.org\",\"message_id\":\"<BLwQhB_7z5MF6PtGtjf_Yg>\"}}").getBytes(StandardCharsets.UTF_8)));
        List<Map.Entry<String, byte[]>> providers = new ArrayList<>();
        providers.addAll(providerRecords("sendgrid"));
        providers.addAll(providerRecords("mailgun"));
        providers.addAll(providerRecords("ses"));
        providers.add(entry("postmark", "{\"RecordType\":\"Delivery\"}".getBytes(StandardCharsets.UTF_8)));

        try (TestDatabase db = new TestDatabase("fixtures")) {
            run(topic, db, Map.of(), posthog, providers);

            // Per source (each source's senders use their own sending domains): the READMEs' totals.
            // sent delivered bounced soft_bounced deferred dropped spam_complaint
            assertThat(db.rows(SUMS.formatted("sending_domain"))).containsExactlyInAnyOrder(
                    "news.example.com 5 3 3 1 2 1 1",     // SendGrid
                    "mg.example.net 1 2 2 1 0 0 1",       // Mailgun, no signing key: the bad-signature file counts
                    "notify.example.org 4 3 3 2 1 4 2",   // SES
                    "mail.example.com 2 3 2 0 1 0 1",     // PostHog, acct-2001
                    "bulk.example.net 2 1 1 1 1 2 0");    // PostHog, acct-2002
            // PostHog's "both" row: 4 4 3 1 2 2 1, in the README's minutes, all final.
            assertThat(db.rows(MINUTES.formatted("all", ">= '2026-03-02 16:00:00+00'"))).containsExactlyInAnyOrder(
                    "16:00 all 1 2 1 1 1 0 0 true",
                    "16:01 all 0 1 0 0 0 1 1 true",
                    "16:02 all 1 0 1 0 0 0 0 true",
                    "16:03 all 2 1 1 0 1 1 0 true");
            assertThat(db.rows(MINUTES.formatted("recipient_domain", "= '2026-03-02 16:02:00+00'")))
                    .contains("16:02 unknown 0 0 1 0 0 0 0 true");

            // Sending IPs of 14:05: every send under the IP its message's first later event named
            // (SES send.json's four recipients under the Delivery's IP, SendGrid's string-timestamp
            // send and nothing else under unknown), bounces without an IP under their message's.
            assertThat(db.rows(MINUTES.formatted("sending_ip", "= '2026-03-02 14:05:00+00'"))).containsExactlyInAnyOrder(
                    "14:05 192.0.2.10 3 2 2 0 0 0 0 true",
                    "14:05 192.0.2.11 1 0 0 1 2 0 0 true",
                    "14:05 198.51.100.20 1 2 0 1 0 0 0 true",
                    "14:05 198.51.100.21 0 0 1 0 0 0 0 true",
                    "14:05 203.0.113.30 4 3 2 0 0 0 0 true",
                    "14:05 unknown 1 0 1 1 0 5 0 true");
            assertThat(db.rows(MINUTES.formatted("sending_ip", "= '2026-03-02 14:12:00+00'")))
                    .as("SendGrid's spam report takes the IP its message was delivered from")
                    .containsExactly("14:12 192.0.2.10 0 0 0 0 0 0 1 true");

            // Every malformed record, twice; the record keyed for no provider too.
            assertThat(db.rows(DEAD_LETTERS)).containsExactlyInAnyOrder(
                    "sendgrid unparseable_json 2", "sendgrid missing_event_id 2", "sendgrid unknown_event_type 2",
                    "sendgrid invalid_field 2",
                    "mailgun unparseable_json 2", "mailgun missing_event_id 2", "mailgun unknown_event_type 2",
                    "mailgun invalid_field 2", "mailgun unsupported_format 2",
                    "ses unparseable_json 2", "ses missing_event_id 2", "ses unknown_event_type 2", "ses invalid_field 2",
                    "ses missing_recipient 2",
                    "posthog unparseable_json 4", "posthog missing_field 6", "posthog missing_event_id 2",
                    "posthog bad_timestamp 2", "posthog unknown_status 2", "posthog invalid_field 2",
                    "posthog unsupported_format 2", "posthog too_large 2",
                    "- unknown_provider 2");
            assertThat(db.rows("SELECT detail FROM dead_letter_events WHERE source = 'sendgrid' AND reason = 'invalid_field'"))
                    .allSatisfy(d -> assertThat(d).contains("timestamp").contains("email"));
            assertThat(db.count("SELECT count(*) FROM deliverability_window WHERE NOT is_final")).isZero();

            // README's "Strategic decision files": the files are read in name order, so the revision
            // arrives before the decision it revises (and each twice); the later event time wins.
            assertThat(db.rows("SELECT decision_id, decision_type, maker, title, "
                    + "to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), review_date, status, cost_usd, "
                    + "scope_dimension, scope_value, event_id FROM strategic_decisions ORDER BY decision_id")).containsExactly(
                    "dec-2026-014 | infrastructure | deliverability-lead@example.com | Move mail.example.com to a dedicated IP pool"
                            + " | 2026-03-02T16:04:10.500Z | 2026-03-30 | approved | 1800.00 | sending_domain | mail.example.com"
                            + " | 019caf4a-f284-7eee-8965-b4925eefa39c",
                    "dec-2026-015 | cost_optimization | vp-operations@example.com | Consolidate marketing sends onto the shared pool"
                            + " | 2026-03-02T16:03:40.000Z | 2026-04-06 | proposed | null | all | all"
                            + " | 019caf4a-7b60-7db2-a431-e58935b626d8");
            assertThat(db.rows("SELECT decision_id, kpi, baseline, target, due FROM decision_outcomes ORDER BY decision_id, kpi"))
                    .containsExactly(
                            "dec-2026-014 | bounce_rate | 0.048 | 0.015 | 2026-04-15",
                            "dec-2026-014 | deliverability_rate | 0.93 | 0.97 | 2026-04-30");
        }
    }

    @Test
    void withTheSigningKeyTheJobDeadLettersTheMailgunBodyWhoseSignatureIsWrong() throws Exception {
        try (TestDatabase db = new TestDatabase("fixtures_mailgun_key")) {
            run("fixtures-mailgun", db, Map.of("MAILGUN_WEBHOOK_SIGNING_KEY", SIGNING_KEY), List.of(),
                    providerRecords("mailgun"));
            assertThat(db.rows(SUMS.formatted("sending_domain"))).containsExactly("mg.example.net 1 1 2 1 0 0 1");
            assertThat(db.rows(DEAD_LETTERS)).contains("mailgun bad_signature 2");
        }
    }

    private void run(String topic, TestDatabase db, Map<String, String> overrides, List<Map.Entry<String, byte[]>> posthog,
            List<Map.Entry<String, byte[]>> providers) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                // The fixtures span 14:05 to 16:04 in no particular order: nothing may be late.
                "MAX_OUT_OF_ORDERNESS", "3h", "DEAD_LETTER_MAX_PAYLOAD_BYTES", "4096"));
        settings.putAll(overrides);
        JobConfig config = ItSettings.config(kafka, topic, db, checkpoints, settings);
        kafka.createTopic(config.posthogTopic(), 1, 3 << 20);
        kafka.createTopic(config.providerTopic(), 1);
        for (int copy = 0; copy < 2; copy++) {
            kafka.produceKeyed(config.posthogTopic(), posthog);
            kafka.produceKeyed(config.providerTopic(), providers);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(RevguardJob.flinkConfiguration(config));
        env.setParallelism(1);
        RiskPipeline.build(env, Inputs.kafka(config, b -> b.setBounded(OffsetsInitializer.latest())),
                RevguardJob.postgresSinks(config), config);
        env.executeAsync("revguard-fixtures-" + topic).getJobExecutionResult().get(180, TimeUnit.SECONDS);
    }

    private static Path fixtures(String source) throws URISyntaxException {
        return Path.of(FixturesIT.class.getResource("/fixtures/" + source).toURI());
    }

    private static List<Path> files(String source) throws Exception {
        try (Stream<Path> s = Files.list(fixtures(source))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The record-value files as they are, and the records the intake makes of its four bodies. */
    private static List<Map.Entry<String, byte[]>> posthogRecords() throws Exception {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (Path f : files("posthog")) {
            String name = f.getFileName().toString();
            byte[] bytes = Files.readAllBytes(f);
            if (name.equals("intake-array.json")) {
                for (JsonNode e : JSON.readTree(bytes)) out.add(entry(null, JSON.writeValueAsBytes(e)));
            } else if (name.equals("intake-batch.json")) {
                for (JsonNode e : JSON.readTree(bytes).get("batch")) out.add(entry(null, JSON.writeValueAsBytes(e)));
            } else {
                out.add(entry(null, bytes));
            }
        }
        return out;
    }

    /** Each file one record keyed by its provider; SendGrid's batch split into its elements. */
    private static List<Map.Entry<String, byte[]>> providerRecords(String provider) throws Exception {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (Path f : files(provider)) {
            String name = f.getFileName().toString();
            if (name.equals("batch.headers.json")) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(f);
            if (name.equals("batch.json")) {
                for (JsonNode e : JSON.readTree(bytes)) out.add(entry(provider, JSON.writeValueAsBytes(e)));
            } else {
                out.add(entry(provider, bytes));
            }
        }
        return out;
    }

    private static Map.Entry<String, byte[]> entry(String key, byte[] value) {
        return new SimpleEntry<>(key, value);
    }
}
