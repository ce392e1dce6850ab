package dev.extendcancel.config;

import java.util.Optional;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Fails start-up unless exactly one of EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID is set, naming the variables, so
 * that a misconfigured Lambda shows one clear init error instead of a 401 from Extend on every invocation. Only the
 * configuration is checked here: the secret itself is read on first use (never into a SnapStart snapshot). Dev mode
 * gets the simulator's key from application.properties.
 *
 * <p>
 * A SmallRye Config validator of {@link ExtendConfig} (registered through {@code META-INF/services}, run-time
 * configuration only), not a start-up observer: configuration is validated before Quarkus starts anything, in
 * particular before the native poll loop's thread, which otherwise reports a failed start to Lambda's init error as
 * "Interrupted while waiting for another thread to start the application" and keeps the reason to the log. A failed
 * validation ends the native process with the message in the log ("Configuration validation failed: ..."); the JVM
 * handler reports it as the init error. No other validator is set in this application (that would be Hibernate
 * Validator's), so taking the builder's one slot replaces nothing.
 */
public class ApiKeyCheck implements SmallRyeConfigBuilderCustomizer, ConfigValidator {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withValidator(this);
    }

    @Override
    public void validateMapping(Class<?> mappingClass, String prefix, Object mappingObject) {
        if (mappingObject instanceof ExtendConfig config) {
            problem(config, LaunchMode.current()).ifPresent(problem -> {
                throw new ConfigValidationException(new ConfigValidationException.Problem[] {
                        new ConfigValidationException.Problem(problem) });
            });
        }
    }

    /** What is wrong with the key settings, in a sentence that names the variables and never shows a value. */
    static Optional<String> problem(ExtendConfig config, LaunchMode mode) {
        if (mode == LaunchMode.DEVELOPMENT) {
            return Optional.empty();
        }
        // SmallRye Config reads an empty variable as unset: an empty EXTEND_API_KEY counts as not set
        boolean key = present(config.apiKey());
        boolean secret = present(config.apiKeySecretId());
        if (key && secret) {
            return Optional.of("EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID are both set: set only one,"
                    + " the key itself or the Secrets Manager secret that holds it");
        }
        if (!key && !secret) {
            return Optional.of("EXTEND_API_KEY is not set: set the environment variable EXTEND_API_KEY"
                    + " to your Extend API key, or EXTEND_API_KEY_SECRET_ID to the Secrets Manager secret that holds it");
        }
        if (!secret && present(config.apiKeySecretField())) {
            return Optional.of(
                    "EXTEND_API_KEY_SECRET_FIELD is set without EXTEND_API_KEY_SECRET_ID: it names a field of that secret");
        }
        return Optional.empty();
    }

    private static boolean present(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).isPresent();
    }
}
