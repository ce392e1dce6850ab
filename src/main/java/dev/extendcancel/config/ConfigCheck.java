package dev.extendcancel.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.funqy.runtime.FunqyConfig;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Fails start-up on settings that cannot work, each named in a sentence: unless exactly one of EXTEND_API_KEY and
 * EXTEND_API_KEY_SECRET_ID is set (never showing a value), so that a misconfigured Lambda shows one clear start-up
 * error instead of a 401 from Extend on every invocation; on attempts, a rate or a timeout below what a call needs;
 * and on a QUARKUS_FUNQY_EXPORT that names no function. Only the configuration is checked here: the secret itself is
 * read on first use (never into a SnapStart snapshot). Dev mode gets the simulator's key from application.properties.
 *
 * <p>
 * A SmallRye Config validator of {@link ExtendConfig} and Funqy's {@link FunqyConfig} (registered through
 * {@code META-INF/services}, run-time configuration only), not a start-up observer: configuration is validated before
 * Quarkus starts anything, in particular before the native poll loop's thread, which otherwise reports a failed start
 * to Lambda's init error as "Interrupted while waiting for another thread to start the application" and keeps the
 * reason to the log. A failed validation ends the native process with the reasons in the log ("Configuration
 * validation failed: ..."); the JVM handler reports them as the init error. No other validator is set in this
 * application (that would be Hibernate Validator's), so taking the builder's one slot replaces nothing.
 */
public class ConfigCheck implements SmallRyeConfigBuilderCustomizer, ConfigValidator {

    /** One call per 100 s: the slowest EXTEND_MAX_REQUESTS_PER_SECOND that makes sense. */
    static final double MIN_REQUESTS_PER_SECOND = 0.01;

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withValidator(this);
    }

    @Override
    public void validateMapping(Class<?> mappingClass, String prefix, Object mappingObject) {
        List<String> problems = switch (mappingObject) {
            case ExtendConfig config -> problems(config, LaunchMode.current());
            case FunqyConfig funqy -> exportProblem(funqy.export()).stream().toList();
            default -> List.of();
        };
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems.stream()
                    .map(ConfigValidationException.Problem::new).toArray(ConfigValidationException.Problem[]::new));
        }
    }

    /**
     * Why {@code export} (QUARKUS_FUNQY_EXPORT) names no function of this application, listing those it could name.
     * Funqy registers the functions during static init, before run-time configuration is read.
     */
    public static Optional<String> exportProblem(Optional<String> export) {
        if (FunctionRecorder.registry == null) {
            return Optional.empty(); // not registered yet: FunqyLambdaBinding asks again when it starts
        }
        Set<String> names = new TreeSet<>();
        FunctionRecorder.registry.invokers().forEach(invoker -> names.add(invoker.getName()));
        if (export.isEmpty()) {
            return Optional.of("QUARKUS_FUNQY_EXPORT is not set: set it to the function this Lambda serves, one of " + names);
        }
        if (FunctionRecorder.registry.matchInvoker(export.get()) == null) {
            return Optional.of("QUARKUS_FUNQY_EXPORT=" + export.get() + " names no function: expected one of " + names);
        }
        return Optional.empty();
    }

    /** What is wrong with the settings, one sentence each, naming the variables; a key's value is never shown. */
    static List<String> problems(ExtendConfig config, LaunchMode mode) {
        List<String> problems = new ArrayList<>();
        if (mode != LaunchMode.DEVELOPMENT) {
            keyProblem(config).ifPresent(problems::add);
        }
        if (config.maxAttempts() < 1) {
            problems.add("EXTEND_MAX_ATTEMPTS must be at least 1 (the first attempt counts): it is " + config.maxAttempts());
        }
        double rate = config.maxRequestsPerSecond();
        // a share of a budget may be a fraction (0.5 is one call every 2 s); below one call per 100 s is a mistake
        if (!(rate >= MIN_REQUESTS_PER_SECOND) || Double.isInfinite(rate)) {
            problems.add("EXTEND_MAX_REQUESTS_PER_SECOND must be a number of at least " + MIN_REQUESTS_PER_SECOND
                    + " (e.g. 5 or 0.5): it is " + rate);
        }
        if (config.timeout().isNegative() || config.timeout().isZero()) {
            problems.add("EXTEND_TIMEOUT must be longer than zero (e.g. 10s): it is " + config.timeout());
        }
        return problems;
    }

    private static Optional<String> keyProblem(ExtendConfig config) {
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
