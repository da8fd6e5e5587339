package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revguard.common.settings.ConfigException;
import io.javalin.testtools.JavalinTest;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HSTS when the service says it is reached over https; a PUBLIC_URL that is not an address stops start-up. */
class SecurityHeadersTest {
    @Test
    void servedOverHttpsEveryAnswerCarriesHsts() throws Exception {
        try (TestData data = new TestData(false, Map.of("PUBLIC_URL", "https://revguard.example.com/"))) {
            assertThat(data.config.servedOverHttps()).isTrue();
            assertThat(data.config.describe()).contains("PUBLIC_URL = https://revguard.example.com (HSTS sent)");
            JavalinTest.test(data.app(Clock.systemUTC()), (server, client) -> {
                for (String path : new String[] {"/health", "/", "/api/v1/nothing-here"}) {
                    var r = client.get(path);
                    assertThat(r.headers().get("Strict-Transport-Security")).as(path)
                            .containsExactly("max-age=31536000; includeSubDomains");
                    assertThat(r.headers().get("X-Content-Type-Options")).as(path).containsExactly("nosniff");
                }
            });
        }
    }

    @Test
    void aPublicUrlThatIsNotAnAddressStopsStartUp() {
        assertThatThrownBy(() -> ServiceConfig.parse(new String[0], Map.of("DATABASE_URL", TestData.URL,
                "ALLOW_ANONYMOUS", "true", "PUBLIC_URL", "revguard.example.com")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PUBLIC_URL=revguard.example.com: expected the address");
    }
}
