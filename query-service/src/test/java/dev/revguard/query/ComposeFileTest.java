package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.revguard.query.auth.TokenStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The query service in docker-compose.yml is configured with settings the service reads. */
class ComposeFileTest {
    @Test
    void theQueryServicesEnvironmentIsAValidConfiguration() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docker-compose.yml").toFile());
        JsonNode service = compose.get("services").get("query-service");
        Map<String, String> env = new HashMap<>();
        service.get("environment").fields().forEachRemaining(e -> env.put(e.getKey(),
                e.getValue().asText().replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1")));
        env.put("API_TOKENS", "ops:operator:" + TokenStore.sha256("a-token")); // supplied by whoever runs compose
        ServiceConfig config = ServiceConfig.parse(new String[0], env);
        Set<String> known = config.describe().lines().filter(l -> l.contains(" = "))
                .map(l -> l.trim().split(" = ")[0]).collect(Collectors.toSet());
        assertThat(known).as("every variable is a setting the service reads").containsAll(env.keySet());
        assertThat(service.get("ports").toString()).contains(config.port() + ":" + config.port());
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/"
                + compose.get("services").get("postgres").get("environment").get("POSTGRES_DB").asText());
    }
}
