package dev.revguard.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.revguard.job.config.JobConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine): this keeps it consistent with the code by
 * reading it — services, images on the versions the job is built with, ports, and the job's
 * environment parsed by the job's own configuration.
 */
class ComposeFileTest {
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");
    private static JsonNode compose;

    @BeforeAll
    static void read() throws Exception {
        compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docker-compose.yml").toFile());
    }

    private static JsonNode service(String name) {
        JsonNode s = compose.get("services").get(name);
        assertThat(s).as("service %s", name).isNotNull();
        return s;
    }

    /** The value compose would use when the variable is not set. */
    static String resolved(String raw) {
        Matcher m = DEFAULTED.matcher(raw);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(2)));
    }

    @Test
    void servicesRunTheVersionsTheJobIsBuiltWith() {
        assertThat(compose.get("services").fieldNames()).toIterable()
                .contains("kafka", "postgres", "jobmanager", "taskmanager", "job-submit", "query-service");
        String flink = "flink:" + EnvironmentInformation.getVersion() + "-java17";
        // the JobManager and TaskManager run Flink's image with the metrics plugin, built from the stage `flink`
        assertThat(service("jobmanager").get("image").asText()).isEqualTo("revguard-" + flink);
        assertThat(service("taskmanager").get("image").asText()).isEqualTo("revguard-" + flink);
        assertThat(service("jobmanager").get("build").get("dockerfile").asText()).isEqualTo("docker/job.Dockerfile");
        assertThat(service("jobmanager").get("build").get("target").asText()).isEqualTo("flink");
        assertThat(Path.of("..", "docker", "job.Dockerfile")).content().contains("FROM " + flink + " AS flink\n"
                + "COPY --from=build /src/flink-job/target/revguard-metrics-reporter.jar /opt/flink/plugins/revguard-prometheus/");
        assertThat(service("kafka").get("image").asText()).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat(service("postgres").get("image").asText()).startsWith("postgres:15");
        assertThat(service("jobmanager").get("command").asText()).isEqualTo("jobmanager");
        assertThat(service("taskmanager").get("command").asText()).isEqualTo("taskmanager");
        assertThat(service("job-submit").get("build").get("dockerfile").asText()).isEqualTo("docker/job.Dockerfile");
        assertThat(service("query-service").get("build").get("dockerfile").asText()).isEqualTo("docker/query-service.Dockerfile");
        assertThat(Path.of("..", "docker", "job.Dockerfile")).content().contains("FROM " + flink);
    }

    @Test
    void portsAndVolumesAreWhereTheScriptsExpectThem() {
        assertThat(service("jobmanager").get("ports").toString()).contains("8081:8081"); // scripts/savepoint.sh compose
        assertThat(service("jobmanager").get("ports").toString()).contains("9249:9249"); // GET /metrics
        assertThat(service("taskmanager").get("ports").toString()).contains("9250:9249");
        for (String s : new String[] {"jobmanager", "taskmanager"}) {
            assertThat(service(s).get("environment").get("FLINK_PROPERTIES").asText())
                    .contains("metrics.reporter.prom.factory.class: "
                            + dev.revguard.job.metrics.SnakeCasePrometheusReporterFactory.class.getName() + "\n")
                    .contains("metrics.reporter.prom.port: 9249\n");
        }
        assertThat(service("query-service").get("ports").toString()).contains("7070:7070");
        assertThat(service("kafka").get("ports").toString()).contains("9092:9092");
        assertThat(service("postgres").get("ports").toString()).contains("5432:5432");
        for (String s : new String[] {"jobmanager", "taskmanager"}) {
            assertThat(service(s).get("volumes").toString())
                    .contains("flink-checkpoints:/flink/checkpoints").contains("flink-savepoints:/flink/savepoints");
        }
        assertThat(compose.get("volumes").fieldNames()).toIterable().contains("flink-checkpoints", "flink-savepoints");
        assertThat(service("job-submit").get("command").toString()).contains("-m jobmanager:8081").contains("/opt/revguard/revguard-job.jar");
    }

    @Test
    void theJobsEnvironmentIsAValidConfiguration() {
        Map<String, String> env = new HashMap<>();
        service("job-submit").get("environment").fields()
                .forEachRemaining(e -> env.put(e.getKey(), resolved(e.getValue().asText())));
        JobConfig config = JobConfig.parse(new String[0], env);
        assertThat(config.describe().keySet()).as("every variable is a setting the job reads").containsAll(env.keySet());
        assertThat(config.kafkaBootstrapServers()).isEqualTo("kafka:29092");
        assertThat(service("kafka").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText()).contains("INTERNAL://kafka:29092");
        String db = service("postgres").get("environment").get("POSTGRES_DB").asText();
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/" + db);
        assertThat(config.database().user()).isEqualTo(service("postgres").get("environment").get("POSTGRES_USER").asText());
        assertThat(config.checkpointDir()).isEqualTo("file:///flink/checkpoints");
    }

    @Test
    void alertmanagerRunsTheConfigurationReadmeGives() throws Exception {
        JsonNode am = service("alertmanager");
        assertThat(am.get("volumes").toString()).contains("./docker/alertmanager.yml:/etc/alertmanager/alertmanager.yml");
        String jobs = service("job-submit").get("environment").get("ALERTMANAGER_URLS").asText();
        assertThat(resolved(jobs)).isEqualTo("http://alertmanager:9093");
        String config = java.nio.file.Files.readString(Path.of("..", "docker", "alertmanager.yml"));
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        String rules = readme.substring(readme.indexOf("inhibit_rules:"), readme.indexOf("```", readme.indexOf("inhibit_rules:")));
        assertThat(config).contains(rules);
        Process check = new ProcessBuilder("amtool", "check-config", "../docker/alertmanager.yml").redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(out).isZero();
        assertThat(out).contains("2 inhibit rules");
    }
}
