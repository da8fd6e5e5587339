package dev.revguard.query.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revguard.query.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way in: the signed SendGrid batch, a Mailgun body, an SNS notification and a PostHog
 * webhook body POSTed to the running intake, a real broker, the job jar running as
 * {@code java -jar} does, and the window rows it writes to PostgreSQL.
 */
class IntakeToJobIT {
    private static final Path JOB_JAR = Path.of("..", "flink-job", "target", "revguard-job.jar").toAbsolutePath().normalize();
    private static final String PROVIDERS = "e2e-provider-events";
    private static final String POSTHOG = "e2e-posthog-events";

    private static KafkaBroker kafka;
    private static SnsTestServer sns;
    private static String schema;

    @TempDir
    Path dir;

    @BeforeAll
    static void startParts() throws Exception {
        kafka = KafkaBroker.start();
        sns = new SnsTestServer();
        schema = IntakeService.newSchema("intake_e2e");
        kafka.createTopic(PROVIDERS, 2);
        kafka.createTopic(POSTHOG, 1);
    }

    @AfterAll
    static void stopParts() throws Exception {
        sns.close();
        kafka.close();
        IntakeService.dropSchema(schema);
    }

    @Test
    void webhooksOfEverySourcePostedToTheIntakeBecomeWindowRows() throws Exception {
        assertThat(JOB_JAR).as("the job jar (mvn package builds it before this module's tests)").exists();
        Map<String, String> settings = new HashMap<>();
        settings.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        settings.put("KAFKA_TOPIC_PROVIDERS", PROVIDERS);
        settings.put("KAFKA_TOPIC_POSTHOG", POSTHOG);
        settings.put("SENDGRID_WEBHOOK_PUBLIC_KEY", IntakeIT.SENDGRID_KEY);
        settings.put("MAILGUN_WEBHOOK_SIGNING_KEY", IntakeIT.MAILGUN_KEY);
        settings.put("SNS_TOPIC_ARNS", "arn:aws:sns:us-east-1:111122223333:revguard-ses-events");
        settings.put("SNS_CERT_HOSTS", sns.base());
        settings.put("INGEST_POSTHOG_TOKEN", IntakeIT.POSTHOG_TOKEN);
        // The fixtures' Mailgun signature is of 2026-03-02T14:05:03Z: the intake's clock reads then.
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1772460303L + 20));
        Process job = startJob();
        try (IntakeService intake = IntakeService.start(schema, settings, clock)) {
            List<HttpResponse<String>> answers = new ArrayList<>();
            answers.add(intake.post("/ingest/v1/sendgrid", IntakeIT.fixture("sendgrid/batch.json"), IntakeIT.sendgridHeaders()));
            answers.add(intake.post("/ingest/v1/mailgun", IntakeIT.fixture("mailgun/delivered.json"), Map.of()));
            ObjectNode envelope = (ObjectNode) IntakeIT.JSON.readTree(IntakeIT.fixture("ses/sns-envelope-notification.json"));
            envelope.put("TopicArn", "arn:aws:sns:us-east-1:111122223333:revguard-ses-events");
            answers.add(intake.post("/ingest/v1/ses", SnsTestServer.bytes(sns.sign(envelope, 2)), Map.of()));
            answers.add(intake.post("/ingest/v1/posthog", IntakeIT.fixture("posthog/intake-webhook-default.json"),
                    IntakeIT.bearer(IntakeIT.POSTHOG_TOKEN)));
            assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));

            // sent delivered bounced soft_bounced deferred dropped spam_complaints, summed per sending domain
            List<String> expected = List.of(
                    "news.example.com 3 2 1 0 1 0 0",    // SendGrid batch: 8 elements, [7] a duplicate of [3]
                    "mg.example.net 0 1 0 0 0 0 0",      // Mailgun delivered.json
                    "notify.example.org 0 1 0 0 0 0 0",  // the SES Delivery inside the SNS envelope
                    "mail.example.com 0 0 1 0 0 0 0");   // PostHog's webhook body
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            List<String> rows = List.of();
            while (System.nanoTime() < deadline && job.isAlive()) {
                rows = sums();
                if (rows.size() == expected.size() && rows.containsAll(expected)) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(job.isAlive()).as("the job runs (log: %s)", dir.resolve("job.log")).isTrue();
            assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
            // The sends of the batch under the IPs their messages' later events named, in event time.
            assertThat(IntakeService.count("SELECT coalesce(sum(sent), 0) FROM " + schema + ".deliverability_window"
                    + " WHERE dimension = 'sending_ip' AND dimension_value IN ('192.0.2.10', '192.0.2.11')")).isEqualTo(3);
            assertThat(IntakeService.count("SELECT count(*) FROM " + schema + ".dead_letter_events")).isZero();
        } finally {
            job.destroy();
            if (!job.waitFor(30, TimeUnit.SECONDS)) {
                job.destroyForcibly();
            }
        }
    }

    private Process startJob() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JOB_JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("job.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_TOPIC_PROVIDERS", PROVIDERS);
        env.put("KAFKA_TOPIC_POSTHOG", POSTHOG);
        env.put("KAFKA_GROUP_ID", "revguard-e2e");
        env.put("DATABASE_URL", IntakeService.DATABASE_URL);
        env.put("DATABASE_USER", "postgres");
        env.put("DATABASE_SCHEMA", schema);
        env.put("CHECKPOINT_DIR", dir.resolve("checkpoints").toUri().toString());
        env.put("CHECKPOINT_INTERVAL", "1s");
        env.put("FLINK_REST_PORT", "0");
        env.put("PARALLELISM", "1");
        env.put("STATE_BACKEND", "hashmap");
        env.put("MANAGED_MEMORY", "128m");
        // The fixtures span two hours of 2026-03-02 in no order: nothing is late here.
        env.put("MAX_OUT_OF_ORDERNESS", "3h");
        env.put("IDLENESS_TIMEOUT", "3s");
        Files.createDirectories(dir.resolve("checkpoints"));
        return pb.start();
    }

    private static List<String> sums() throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(IntakeService.DATABASE_URL, "postgres", null);
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT dimension_value || ' ' || sum(sent) || ' ' || sum(delivered) || ' ' || sum(bounced)"
                        + " || ' ' || sum(soft_bounced) || ' ' || sum(deferred) || ' ' || sum(dropped) || ' ' || sum(spam_complaints)"
                        + " FROM " + schema + ".deliverability_window WHERE dimension = 'sending_domain' GROUP BY dimension_value")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            return List.of(); // the job has not created its tables yet
        }
        return out;
    }
}
