package dev.extendcancel.config;

import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Fails start-up when the key is missing, naming the environment variable, so that a misconfigured Lambda shows
 * one clear init error instead of a 401 from Extend on every invocation. Dev mode gets the simulator's key from
 * application.properties.
 */
public class ApiKeyCheck {

    void onStart(@Observes StartupEvent event, ExtendConfig config) {
        check(config, LaunchMode.current());
    }

    static void check(ExtendConfig config, LaunchMode mode) {
        if (mode != LaunchMode.DEVELOPMENT && config.apiKey().filter(key -> !key.isBlank()).isEmpty()) {
            throw new IllegalStateException(
                    "EXTEND_API_KEY is not set: set the environment variable EXTEND_API_KEY to your Extend API key");
        }
    }
}
