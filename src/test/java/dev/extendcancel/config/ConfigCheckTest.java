package dev.extendcancel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

/**
 * Exactly one of EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID, and attempts, rate and timeout that can work, with
 * messages that name the variables and never show a key.
 */
class ConfigCheckTest {

    @Test
    void theKeyAloneOrTheSecretAloneStarts() {
        assertThat(ConfigCheck.problems(config("sk_1", null, null), LaunchMode.NORMAL)).isEmpty();
        assertThat(ConfigCheck.problems(config(null, "prod/key", "apiKey"), LaunchMode.NORMAL)).isEmpty();
    }

    @Test
    void neitherNamesBothVariables() {
        assertThat(ConfigCheck.problems(config(null, null, null), LaunchMode.NORMAL)).singleElement().satisfies(
                problem -> assertThat(problem).contains("EXTEND_API_KEY is not set", "EXTEND_API_KEY_SECRET_ID"));
        assertThat(ConfigCheck.problems(config("  ", " ", null), LaunchMode.NORMAL))
                .singleElement().satisfies(problem -> assertThat(problem).contains("EXTEND_API_KEY is not set"));
    }

    @Test
    void bothIsRefusedWithoutShowingTheKey() {
        assertThat(ConfigCheck.problems(config("sk_SECRET_both", "prod/key", null), LaunchMode.NORMAL))
                .singleElement().satisfies(problem -> assertThat(problem)
                        .contains("EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID are both set")
                        .doesNotContain("sk_SECRET_both"));
    }

    @Test
    void aFieldWithoutASecretIsRefused() {
        assertThat(ConfigCheck.problems(config("sk_1", null, "apiKey"), LaunchMode.NORMAL)).singleElement().satisfies(
                problem -> assertThat(problem).contains("EXTEND_API_KEY_SECRET_FIELD is set without EXTEND_API_KEY_SECRET_ID"));
    }

    @Test
    void devModeUsesTheSimulatorsKey() {
        assertThat(ConfigCheck.problems(config(null, null, null), LaunchMode.DEVELOPMENT)).isEmpty();
    }

    @Test
    void attemptsRateAndTimeoutThatCannotWorkAreNamedTogether() {
        assertThat(ConfigCheck.problems(config("sk_1", null, null, 0, 0, Duration.ZERO), LaunchMode.NORMAL))
                .containsExactly("EXTEND_MAX_ATTEMPTS must be at least 1 (the first attempt counts): it is 0",
                        "EXTEND_MAX_REQUESTS_PER_SECOND must be a number of at least 0.01 (e.g. 5 or 0.5): it is 0.0",
                        "EXTEND_TIMEOUT must be longer than zero (e.g. 10s): it is PT0S");
        assertThat(ConfigCheck.problems(config("sk_1", null, null, 1, 1, Duration.ofMillis(1)), LaunchMode.NORMAL))
                .isEmpty();
    }

    /** The Terraform module divides one budget among instances: a share may be a fraction of a request a second. */
    @Test
    void aFractionalRateIsAShareOfTheBudget() {
        assertThat(ConfigCheck.problems(config("sk_1", null, null, 3, 0.5, Duration.ofSeconds(10)), LaunchMode.NORMAL))
                .isEmpty();
        assertThat(ConfigCheck.problems(config("sk_1", null, null, 3, 0.001, Duration.ofSeconds(10)), LaunchMode.NORMAL))
                .singleElement().satisfies(problem -> assertThat(problem).contains("EXTEND_MAX_REQUESTS_PER_SECOND"));
        assertThat(ConfigCheck.problems(config("sk_1", null, null, 3, Double.NaN, Duration.ofSeconds(10)),
                LaunchMode.NORMAL)).singleElement().satisfies(problem -> assertThat(problem)
                        .contains("EXTEND_MAX_REQUESTS_PER_SECOND"));
    }

    private static ExtendConfig config(String key, String secretId, String field) {
        return config(key, secretId, field, 3, 5, Duration.ofSeconds(10));
    }

    /** Only the checked settings matter here; a proxy, so that settings added to ExtendConfig later need no change. */
    private static ExtendConfig config(String key, String secretId, String field, int attempts, double perSecond,
            Duration timeout) {
        return (ExtendConfig) Proxy.newProxyInstance(ExtendConfig.class.getClassLoader(),
                new Class<?>[] { ExtendConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "apiKey" -> Optional.ofNullable(key);
                    case "apiKeySecretId" -> Optional.ofNullable(secretId);
                    case "apiKeySecretField" -> Optional.ofNullable(field);
                    case "maxAttempts" -> attempts;
                    case "maxRequestsPerSecond" -> perSecond;
                    case "timeout" -> timeout;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
