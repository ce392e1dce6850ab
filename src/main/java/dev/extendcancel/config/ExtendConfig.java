package dev.extendcancel.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The contract's configuration. Each method maps to an environment variable by SmallRye's rules:
 * {@code apiKey()} is {@code EXTEND_API_KEY}, {@code allowedWorkspaceIds()} is {@code EXTEND_ALLOWED_WORKSPACE_IDS}.
 */
@ConfigMapping(prefix = "extend")
public interface ExtendConfig {

    /** The Bearer key. Optional here so that its absence can be reported by name (see ConfigCheck). */
    Optional<String> apiKey();

    /**
     * Instead of the key: a Secrets Manager secret (name or ARN) that holds it, read at run time through the AWS
     * Parameters and Secrets Lambda Extension ({@code EXTEND_API_KEY_SECRET_ID}).
     */
    Optional<String> apiKeySecretId();

    /** When the secret is a JSON object, the field that holds the key ({@code EXTEND_API_KEY_SECRET_FIELD}). */
    Optional<String> apiKeySecretField();

    @WithDefault("https://api.extend.ai")
    URI baseUrl();

    @WithDefault("2026-02-09")
    String apiVersion();

    /** Used when a request names no workspace. */
    Optional<String> workspaceId();

    /** When set, a request naming any other workspace is refused. */
    Optional<Set<String>> allowedWorkspaceIds();

    /** Attempts per call to Extend, the first included. */
    @WithDefault("3")
    int maxAttempts();

    /** Timeout of one attempt. */
    @WithDefault("10s")
    Duration timeout();

    /**
     * A PEM file of CA certificates trusted for Extend's HTTPS in addition to the JDK's default CAs, as Node's
     * NODE_EXTRA_CA_CERTS adds to Node's: a TLS-inspecting proxy's CA, or a test CA. Read at start-up, so a native
     * executable takes it without a rebuild.
     */
    Optional<Path> extraCaCerts();

    /**
     * Calls to Extend (cancels, reads, lists, retries included) that one function instance starts per second. Extend's
     * limit is per organisation (10/s on pay-as-you-go) and shared with the organisation's own traffic. A fraction is
     * allowed (0.5: one call every 2 s), since the Terraform module divides one budget among many instances.
     */
    @WithDefault("5")
    @WithName("max-requests-per-second")
    double maxRequestsPerSecond();

    /**
     * cancelExecutionRuns' strict mode ({@code EXTEND_CLEANUP_OWNED_ONLY}): only runs whose
     * {@code metadata.stepFunctionsExecutionArn} names the stopped execution are cancelled; untagged runs are
     * reported as skipped. Off by default, so that pipelines that do not tag their runs keep being cleaned up.
     */
    @WithDefault("false")
    boolean cleanupOwnedOnly();
}
