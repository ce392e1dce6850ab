package dev.extendcancel.config;

import java.util.Optional;

import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Fails start-up unless exactly one of EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID is set, naming the variables, so
 * that a misconfigured Lambda shows one clear init error instead of a 401 from Extend on every invocation. Only the
 * configuration is checked here: the secret itself is read on first use (never into a SnapStart snapshot). Dev mode
 * gets the simulator's key from application.properties.
 */
public class ApiKeyCheck {

    void onStart(@Observes StartupEvent event, ExtendConfig config) {
        check(config, LaunchMode.current());
    }

    static void check(ExtendConfig config, LaunchMode mode) {
        if (mode == LaunchMode.DEVELOPMENT) {
            return;
        }
        // SmallRye Config reads an empty variable as unset: an empty EXTEND_API_KEY counts as not set
        boolean key = present(config.apiKey());
        boolean secret = present(config.apiKeySecretId());
        if (key && secret) {
            throw new IllegalStateException("EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID are both set: set only one,"
                    + " the key itself or the Secrets Manager secret that holds it");
        }
        if (!key && !secret) {
            throw new IllegalStateException("EXTEND_API_KEY is not set: set the environment variable EXTEND_API_KEY"
                    + " to your Extend API key, or EXTEND_API_KEY_SECRET_ID to the Secrets Manager secret that holds it");
        }
        if (!secret && present(config.apiKeySecretField())) {
            throw new IllegalStateException(
                    "EXTEND_API_KEY_SECRET_FIELD is set without EXTEND_API_KEY_SECRET_ID: it names a field of that secret");
        }
    }

    private static boolean present(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).isPresent();
    }
}
