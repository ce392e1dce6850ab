package dev.extendcancel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

/** Exactly one of EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID, with messages that name the variables, never a value. */
class ApiKeyCheckTest {

    @Test
    void theKeyAloneOrTheSecretAloneStarts() {
        assertThat(ApiKeyCheck.problem(config("sk_1", null, null), LaunchMode.NORMAL)).isEmpty();
        assertThat(ApiKeyCheck.problem(config(null, "prod/key", "apiKey"), LaunchMode.NORMAL)).isEmpty();
    }

    @Test
    void neitherNamesBothVariables() {
        assertThat(ApiKeyCheck.problem(config(null, null, null), LaunchMode.NORMAL)).hasValueSatisfying(
                problem -> assertThat(problem).contains("EXTEND_API_KEY is not set", "EXTEND_API_KEY_SECRET_ID"));
        assertThat(ApiKeyCheck.problem(config("  ", " ", null), LaunchMode.NORMAL))
                .hasValueSatisfying(problem -> assertThat(problem).contains("EXTEND_API_KEY is not set"));
    }

    @Test
    void bothIsRefusedWithoutShowingTheKey() {
        assertThat(ApiKeyCheck.problem(config("sk_SECRET_both", "prod/key", null), LaunchMode.NORMAL))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID are both set")
                        .doesNotContain("sk_SECRET_both"));
    }

    @Test
    void aFieldWithoutASecretIsRefused() {
        assertThat(ApiKeyCheck.problem(config("sk_1", null, "apiKey"), LaunchMode.NORMAL)).hasValueSatisfying(
                problem -> assertThat(problem).contains("EXTEND_API_KEY_SECRET_FIELD is set without EXTEND_API_KEY_SECRET_ID"));
    }

    @Test
    void devModeUsesTheSimulatorsKey() {
        assertThat(ApiKeyCheck.problem(config(null, null, null), LaunchMode.DEVELOPMENT)).isEmpty();
    }

    /** Only the key settings matter here; a proxy, so that settings added to ExtendConfig later need no change. */
    private static ExtendConfig config(String key, String secretId, String field) {
        return (ExtendConfig) Proxy.newProxyInstance(ExtendConfig.class.getClassLoader(),
                new Class<?>[] { ExtendConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "apiKey" -> Optional.ofNullable(key);
                    case "apiKeySecretId" -> Optional.ofNullable(secretId);
                    case "apiKeySecretField" -> Optional.ofNullable(field);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
