package dev.extendcancel.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The AWS Parameters and Secrets Lambda Extension on loopback, as AWS documents it: {@code GET
 * /secretsmanager/get?secretId=<id>} with the header {@code X-Aws-Parameters-Secrets-Token} equal to the function's
 * AWS_SESSION_TOKEN, answered with GetSecretValue's JSON ({@code ARN}, {@code Name}, {@code SecretString},
 * {@code VersionId}, {@code VersionStages}, {@code CreatedDate}). Stateful: tests change the secret's value
 * (rotation), queue error answers, or stop it (extension down); it records every request it got.
 */
public final class SecretsExtensionStub implements AutoCloseable {

    public static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";

    /** One request as received: its path, decoded secretId and token header. */
    public record Request(String path, String secretId, String token) {
    }

    /** A queued answer: status and body. */
    public record Answer(int status, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String secretName;
    private final String sessionToken;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> queued = new ArrayDeque<>();
    private volatile String secretString;
    private volatile int version = 1;
    private HttpServer server;
    private int port;

    /** Listens on {@code port} of loopback, 0 for any free one. */
    public SecretsExtensionStub(int port, String secretName, String sessionToken, String secretString)
            throws IOException {
        this.secretName = secretName;
        this.sessionToken = sessionToken;
        this.secretString = secretString;
        start(port);
    }

    /** The value for PARAMETERS_SECRETS_EXTENSION_HTTP_PORT. */
    public int port() {
        return port;
    }

    /** Rotation: from now on the secret holds {@code value}, in a new version. */
    public void rotate(String value) {
        secretString = value;
        version++;
    }

    /** The next answers, before the secret is served again (e.g. 400 "not ready", 403 AccessDenied). */
    public synchronized void answerNext(int status, String body) {
        queued.add(new Answer(status, body));
    }

    /** The extension is not running: connections are refused. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** The extension runs again on the same port. */
    public synchronized void restart() throws IOException {
        if (server == null) {
            start(port);
        }
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void start(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String secretId = query(exchange.getRequestURI().getRawQuery(), "secretId");
            String token = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
            requests.add(new Request(path, secretId, token));
            Answer answer;
            synchronized (this) {
                answer = queued.poll();
            }
            if (answer == null) {
                answer = answer(path, secretId, token, exchange.getRequestMethod());
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** What the real extension answers: 401 without the right token, 400 for a bad request, the secret otherwise. */
    private Answer answer(String path, String secretId, String token, String method) {
        if (!sessionToken.equals(token)) {
            return new Answer(401, "{\"error\":\"missing or invalid " + TOKEN_HEADER + " header\"}");
        }
        if (!"GET".equals(method) || !"/secretsmanager/get".equals(path) || secretId == null) {
            return new Answer(400, "{\"error\":\"bad request\"}");
        }
        if (!secretName.equals(secretId) && !arn().equals(secretId)) {
            return new Answer(400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find"
                    + " the specified secret.\"}");
        }
        ObjectNode secret = JSON.createObjectNode();
        secret.put("ARN", arn());
        secret.put("Name", secretName);
        secret.put("VersionId", "v" + version + "-0c0ffee0-0000-4000-8000-000000000000");
        secret.put("SecretString", secretString);
        secret.putArray("VersionStages").add("AWSCURRENT");
        secret.put("CreatedDate", "2026-11-28T10:00:00Z");
        secret.putObject("ResultMetadata");
        return new Answer(200, secret.toString());
    }

    private String arn() {
        return "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + secretName + "-AbCdEf";
    }

    private static String query(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        stop();
    }
}
