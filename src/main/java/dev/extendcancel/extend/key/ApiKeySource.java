package dev.extendcancel.extend.key;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.extendcancel.config.ExtendConfig;

/**
 * Where the Extend API key comes from: {@code EXTEND_API_KEY} as given, or the Secrets Manager secret
 * {@code EXTEND_API_KEY_SECRET_ID} read through the AWS Parameters and Secrets Lambda Extension.
 *
 * <p>
 * The secret is read on first use, during the first invocation, never at start-up: with SnapStart, start-up is
 * what the snapshot keeps, and the key must not be in it. It is then kept for the life of the process and read
 * again only when Extend answers 401 (the secret may have been rotated; see ExtendClient). A bean that is only
 * created on its first call, so injecting it costs nothing at start-up.
 */
@ApplicationScoped
public class ApiKeySource {

    /** Where AWS's extension listens unless PARAMETERS_SECRETS_EXTENSION_HTTP_PORT says otherwise. */
    public static final int EXTENSION_DEFAULT_PORT = 2773;

    private final Optional<String> fixedKey;
    private final Optional<String> secretId;
    private final Optional<String> secretField;
    private final SecretsExtension extension;
    /** Every key value this process has held, so that errors can cut each of them out (see ExtendFaults). */
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile String key;

    public ApiKeySource(ExtendConfig config,
            @ConfigProperty(name = "parameters.secrets.extension.http.port", defaultValue = "" + EXTENSION_DEFAULT_PORT) int port,
            @ConfigProperty(name = "aws.session.token") Optional<String> sessionToken) {
        this.fixedKey = config.apiKey().filter(k -> !k.isBlank());
        this.secretId = config.apiKeySecretId().filter(id -> !id.isBlank());
        this.secretField = config.apiKeySecretField().filter(f -> !f.isBlank());
        this.extension = new SecretsExtension(port, sessionToken);
        fixedKey.ifPresent(known::add);
        this.key = fixedKey.orElse(null);
    }

    /** The key to send; reads the secret on first use. Throws {@link ApiKeyUnavailable} when it cannot. */
    public String key() {
        String current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    key = read();
                }
                current = key;
            }
        }
        return current;
    }

    /**
     * After a 401: reads the secret again. True when it now holds another key, so that the call is worth one more
     * try; false with a fixed EXTEND_API_KEY, or when the secret still holds the rejected key.
     */
    public synchronized boolean reread() {
        if (secretId.isEmpty()) {
            return false;
        }
        String before = key;
        key = read();
        return !key.equals(before);
    }

    /** The text with every key this process has held cut out. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String k : known) {
            redacted = redacted.replace(k, "[redacted]");
        }
        return redacted;
    }

    private String read() {
        if (secretId.isEmpty()) {
            // ConfigCheck stops start-up before this can happen outside dev mode
            throw new ApiKeyUnavailable("No Extend API key: set EXTEND_API_KEY or EXTEND_API_KEY_SECRET_ID", false);
        }
        String value = extension.read(secretId.get(), secretField);
        known.add(value);
        return value;
    }
}
