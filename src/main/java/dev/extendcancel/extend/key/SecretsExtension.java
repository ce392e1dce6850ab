package dev.extendcancel.extend.key;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a Secrets Manager secret through the AWS Parameters and Secrets Lambda Extension, as AWS documents it:
 * {@code GET http://localhost:<port>/secretsmanager/get?secretId=<id>} with the header
 * {@code X-Aws-Parameters-Secrets-Token: $AWS_SESSION_TOKEN}; the answer is GetSecretValue's JSON
 * ({@code ARN}, {@code Name}, {@code SecretString}, {@code VersionId}, ...).
 *
 * <p>
 * No AWS SDK: the extension signs and caches. {@link HttpURLConnection} rather than java.net.http, because the
 * Lambda poll loop already uses it, so the native image gains no HTTP client. The extension starts beside the
 * function and may refuse connections, or answer "not ready", in the first moments of a cold start: those are
 * retried for about a second. Messages name the secret id, never its value.
 */
final class SecretsExtension {

    static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pauses between attempts while the extension starts: about a second in all. */
    private static final long[] BACKOFF_MILLIS = { 25, 50, 100, 200, 300, 400 };

    private final int port;
    private final Optional<String> sessionToken;

    SecretsExtension(int port, Optional<String> sessionToken) {
        this.port = port;
        this.sessionToken = sessionToken;
    }

    /** The secret's string, or the text of {@code field} when it is a JSON object. */
    String read(String secretId, Optional<String> field) {
        String token = sessionToken.filter(t -> !t.isBlank()).orElseThrow(() -> new ApiKeyUnavailable(
                "The Extend API key could not be read from secret " + secretId + ": AWS_SESSION_TOKEN is not set,"
                        + " so the AWS Parameters and Secrets Lambda Extension cannot be called", false));
        String secretString = secretString(secretId, fetch(secretId, token));
        if (field.isEmpty()) {
            return nonBlank(secretString, secretId, "its SecretString is empty");
        }
        JsonNode object;
        try {
            object = JSON.readTree(secretString);
        } catch (IOException notJson) {
            throw new ApiKeyUnavailable("Secret " + secretId + " is not a JSON object, but EXTEND_API_KEY_SECRET_FIELD="
                    + field.get() + " names a field of one", false);
        }
        JsonNode value = object == null ? null : object.get(field.get());
        if (value == null || !value.isTextual()) {
            throw new ApiKeyUnavailable("Secret " + secretId + " has no text field " + field.get()
                    + " (EXTEND_API_KEY_SECRET_FIELD)", false);
        }
        return nonBlank(value.asText(), secretId, "field " + field.get() + " is empty");
    }

    private JsonNode fetch(String secretId, String token) {
        URI uri = URI.create("http://localhost:" + port + "/secretsmanager/get?secretId="
                + URLEncoder.encode(secretId, StandardCharsets.UTF_8));
        String problem = null;
        for (int attempt = 0; attempt <= BACKOFF_MILLIS.length; attempt++) {
            if (attempt > 0) {
                pause(BACKOFF_MILLIS[attempt - 1]);
            }
            HttpURLConnection connection = null;
            try {
                connection = (HttpURLConnection) uri.toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(5000);
                connection.setRequestProperty(TOKEN_HEADER, token);
                int status = connection.getResponseCode();
                if (status == 200) {
                    try (InputStream body = connection.getInputStream()) {
                        return JSON.readTree(body);
                    }
                }
                String body = errorBody(connection);
                problem = "the extension answered " + status + (body.isEmpty() ? "" : " (" + body + ")");
                // 5xx: Secrets Manager or the extension failed; "not ready": it is still starting
                if (status < 500 && !body.toLowerCase().contains("not ready")) {
                    throw new ApiKeyUnavailable(message(secretId, problem), false);
                }
            } catch (IOException unreachable) {
                problem = "the extension could not be reached on localhost:" + port + " (" + unreachable + ")";
            } finally {
                if (connection != null) {
                    connection.disconnect();
                }
            }
        }
        throw new ApiKeyUnavailable(message(secretId, problem), true);
    }

    private static String secretString(String secretId, JsonNode answer) {
        JsonNode secretString = answer == null ? null : answer.get("SecretString");
        if (secretString == null || !secretString.isTextual()) {
            throw new ApiKeyUnavailable("Secret " + secretId + " has no SecretString (a binary secret cannot hold the"
                    + " Extend API key)", false);
        }
        return secretString.asText();
    }

    private static String nonBlank(String key, String secretId, String otherwise) {
        if (key.isBlank()) {
            throw new ApiKeyUnavailable("Secret " + secretId + " holds no Extend API key: " + otherwise, false);
        }
        return key.strip();
    }

    private static String message(String secretId, String problem) {
        return "The Extend API key could not be read from secret " + secretId
                + " through the AWS Parameters and Secrets Lambda Extension: " + problem;
    }

    /** The extension's error text (it explains, e.g. AccessDeniedException); an error answer holds no secret. */
    private static String errorBody(HttpURLConnection connection) {
        try (InputStream body = connection.getErrorStream()) {
            if (body == null) {
                return "";
            }
            String text = new String(body.readNBytes(300), StandardCharsets.UTF_8).strip();
            return text.replaceAll("\\s+", " ");
        } catch (IOException unreadable) {
            return "";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ApiKeyUnavailable("interrupted while waiting for the AWS Parameters and Secrets Lambda Extension",
                    true);
        }
    }
}
