package dev.revguard.job.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: options and their defaults, and --write-keys-only. */
class GenerateEventsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTodaysAndTheEnvironmentNamesTheTopics() {
        Map<String, String> o = GenerateEvents.parseArgs(new String[0], Map.of("KAFKA_TOPIC_PROVIDERS", "prov"));
        assertThat(o).containsEntry("source", "posthog").containsEntry("topic", "posthog-events")
                .containsEntry("provider-topic", "prov").containsEntry("rate", "200").containsEntry("scenario", "none")
                .containsEntry("bootstrap", "127.0.0.1:9092").doesNotContainKeys("via-intake", "seed", "keys-dir");
    }

    @Test
    void optionsTakeTheirValueAfterABlankOrAnEqualsSign() {
        Map<String, String> o = GenerateEvents.parseArgs(new String[] {"--source", "mixed", "--seed=7", "--write-keys-only",
                "--via-intake", "http://127.0.0.1:7070"}, Map.of());
        assertThat(o).containsEntry("source", "mixed").containsEntry("seed", "7").containsEntry("write-keys-only", "true")
                .containsEntry("via-intake", "http://127.0.0.1:7070");
        assertThat(GenerateEvents.parseArgs(new String[] {"--rate", "5", "--help"}, Map.of())).isNull();
    }

    @Test
    void unknownOptionsAndMissingValuesAreRefused() {
        assertThatThrownBy(() -> GenerateEvents.parseArgs(new String[] {"--sorce", "ses"}, Map.of()))
                .hasMessageContaining("unknown option --sorce");
        assertThatThrownBy(() -> GenerateEvents.parseArgs(new String[] {"--rate"}, Map.of())).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> GenerateEvents.parseArgs(new String[] {"rate"}, Map.of())).hasMessageContaining("bad argument");
        Map<String, String> bad = GenerateEvents.parseArgs(new String[] {"--source", "smtp"}, Map.of());
        assertThatThrownBy(() -> new GenerateEvents(bad, quiet()).run()).hasMessageContaining("--source must be");
    }

    @Test
    void writeKeysOnlyWritesTheIntakeSettingsAndKeepsThemOnTheNextRun() throws Exception {
        Path keys = dir.resolve("keys");
        Map<String, String> o = GenerateEvents.parseArgs(new String[] {"--write-keys-only", "--keys-dir", keys.toString()}, Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new GenerateEvents(o, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        String env = Files.readString(keys.resolve("intake.env"));
        assertThat(env).containsPattern("(?m)^SNS_CERT_HOSTS=http://127\\.0\\.0\\.1:[1-9][0-9]*/$")
                .contains("SENDGRID_WEBHOOK_PUBLIC_KEY=", "MAILGUN_WEBHOOK_SIGNING_KEY=", "INGEST_POSTHOG_TOKEN=",
                        "SNS_TOPIC_ARNS=arn:aws:sns:us-east-1:111122223333:revguard-demo");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("env $(cat " + keys.resolve("intake.env") + ")");

        new GenerateEvents(o, quiet()).run();
        assertThat(Files.readString(keys.resolve("intake.env"))).isEqualTo(env);

        Map<String, String> fixed = GenerateEvents.parseArgs(new String[] {"--write-keys-only", "--keys-dir", keys.toString(),
                "--cert-port", "18999"}, Map.of());
        new GenerateEvents(fixed, quiet()).run();
        assertThat(Files.readString(keys.resolve("intake.env"))).contains("SNS_CERT_HOSTS=http://127.0.0.1:18999/")
                .contains(env.lines().filter(l -> l.startsWith("SENDGRID")).findFirst().orElseThrow());
    }

    @Test
    void durationsReadAsBefore() {
        assertThat(GenerateEvents.parseDuration("0")).isEqualTo(Duration.ZERO);
        assertThat(GenerateEvents.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GenerateEvents.parseDuration("6h")).isEqualTo(Duration.ofHours(6));
        assertThatThrownBy(() -> GenerateEvents.parseDuration("5w")).isInstanceOf(IllegalArgumentException.class);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
