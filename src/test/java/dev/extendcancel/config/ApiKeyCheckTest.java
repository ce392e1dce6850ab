package dev.extendcancel.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

/** Exactly one of EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID, with messages that name the variables, never a value. */
class ApiKeyCheckTest {

    @Test
    void theKeyAloneOrTheSecretAloneStarts() {
        assertThatCode(() -> ApiKeyCheck.check(config("sk_1", null, null), LaunchMode.NORMAL)).doesNotThrowAnyException();
        assertThatCode(() -> ApiKeyCheck.check(config(null, "prod/key", "apiKey"), LaunchMode.NORMAL))
                .doesNotThrowAnyException();
    }

    @Test
    void neitherNamesBothVariables() {
        assertThatThrownBy(() -> ApiKeyCheck.check(config(null, null, null), LaunchMode.NORMAL))
                .hasMessageContaining("EXTEND_API_KEY is not set").hasMessageContaining("EXTEND_API_KEY_SECRET_ID");
        assertThatThrownBy(() -> ApiKeyCheck.check(config("  ", " ", null), LaunchMode.NORMAL))
                .hasMessageContaining("EXTEND_API_KEY is not set");
    }

    @Test
    void bothIsRefusedWithoutShowingTheKey() {
        assertThatThrownBy(() -> ApiKeyCheck.check(config("sk_SECRET_both", "prod/key", null), LaunchMode.NORMAL))
                .hasMessageContaining("EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID are both set")
                .message().doesNotContain("sk_SECRET_both");
    }

    @Test
    void aFieldWithoutASecretIsRefused() {
        assertThatThrownBy(() -> ApiKeyCheck.check(config("sk_1", null, "apiKey"), LaunchMode.NORMAL))
                .hasMessageContaining("EXTEND_API_KEY_SECRET_FIELD is set without EXTEND_API_KEY_SECRET_ID");
    }

    @Test
    void devModeUsesTheSimulatorsKey() {
        assertThatCode(() -> ApiKeyCheck.check(config(null, null, null), LaunchMode.DEVELOPMENT)).doesNotThrowAnyException();
    }

    private static ExtendConfig config(String key, String secretId, String field) {
        return new ExtendConfig() {
            public Optional<String> apiKey() {
                return Optional.ofNullable(key);
            }

            public Optional<String> apiKeySecretId() {
                return Optional.ofNullable(secretId);
            }

            public Optional<String> apiKeySecretField() {
                return Optional.ofNullable(field);
            }

            public URI baseUrl() {
                return URI.create("https://api.extend.ai");
            }

            public String apiVersion() {
                return "2026-02-09";
            }

            public Optional<String> workspaceId() {
                return Optional.empty();
            }

            public Optional<Set<String>> allowedWorkspaceIds() {
                return Optional.empty();
            }

            public int maxAttempts() {
                return 3;
            }

            public Duration timeout() {
                return Duration.ofSeconds(10);
            }
        };
    }
}
