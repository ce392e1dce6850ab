package dev.extendcancel.extend;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.smallrye.mutiny.Uni;

/**
 * Extend's run endpoints, as its official SDKs call them: {@code POST} with no body, the id as one path segment.
 * Answers come back whole and raw ({@link ExtendAnswer}) because Extend's error bodies vary and must be read leniently,
 * and asynchronously so that each attempt can get its own deadline-bound timeout (ExtendClient).
 *
 * <p>
 * The JDK's own HTTP client, not the Quarkus REST client: three fixed requests do not need a REST framework, and the
 * REST client brings Vert.x, Netty and RESTEasy Reactive into every cold start (about 1,600 classes loaded on the
 * JVM, 6.5 MB of the native executable). AWS gives the same advice for its own SDK on Lambda (the JDK-based
 * URL-connection client instead of Netty's, for cold start); bench/ and the README have the figures.
 */
public final class ExtendApi implements AutoCloseable {

    private final HttpClient http;
    private final String baseUrl;
    private final ExtendHeaders headers;

    private ExtendApi(HttpClient http, URI baseUrl, ExtendHeaders headers) {
        this.http = http;
        this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
        this.headers = headers;
    }

    /** Extend's endpoints at {@code baseUrl}, over HTTPS checked against {@code trust} (none for plain HTTP). */
    static ExtendApi at(URI baseUrl, Duration connectTimeout, ExtendTrust trust, ExtendHeaders headers) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Extend's API speaks HTTP/1.1 and HTTP/2 alike; 1.1 keeps plain-HTTP test servers free of h2c upgrades
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                // a redirect would carry the key to another host: refuse it, Extend's API does not redirect
                .followRedirects(HttpClient.Redirect.NEVER)
                // answers are handed on where they arrive (the client's selector thread): what follows an answer only
                // reads a small JSON body and hands it to the waiting caller, so a pool's thread hop is pure latency
                .executor(Runnable::run);
        if (trust != null) {
            // host names are verified by the client itself (endpoint identification HTTPS), whatever the trust
            builder.sslContext(sslContext(trust.trustManager()));
        }
        return new ExtendApi(builder.build(), baseUrl, headers);
    }

    public Uni<ExtendAnswer> cancel(String collection, String runId, String workspaceId) {
        return send(() -> request(path(collection, runId, "cancel"), workspaceId).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A page of runs: Extend filters by one status at a time; null parameters are left out of the query. */
    public Uni<ExtendAnswer> list(String collection, RunFilter filter, String status, Integer maxPageSize,
            String nextPageToken, String workspaceId) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        add(query, filter.parameter(), filter.value());
        add(query, "status", status);
        add(query, "maxPageSize", maxPageSize == null ? null : maxPageSize.toString());
        add(query, "nextPageToken", nextPageToken);
        return send(() -> request(path(collection) + query, workspaceId).GET());
    }

    public Uni<ExtendAnswer> get(String collection, String runId, String workspaceId) {
        return send(() -> request(path(collection, runId), workspaceId).GET());
    }

    /**
     * Each subscription (each attempt) builds its request anew, so a key re-read after a 401 is used at once. When
     * the subscriber gives up (its deadline-bound timeout), the exchange is aborted and its connection closed, so a
     * server that drips its answer cannot hold the function past its deadline.
     */
    private Uni<ExtendAnswer> send(Supplier<HttpRequest.Builder> request) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request.get().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return Uni.createFrom().completionStage(exchange)
                    .onCancellation().invoke(() -> exchange.cancel(true))
                    .map(ExtendAnswer::read);
        });
    }

    private HttpRequest.Builder request(String pathAndQuery, String workspaceId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery));
        headers.applyTo(request, workspaceId);
        return request;
    }

    private static String path(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(encode(segment));
        }
        return path.toString();
    }

    private static void add(StringJoiner query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + encode(value));
        }
    }

    /** Percent-encodes everything but unreserved characters, so a value stays one path segment or one query value. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The TLS context of Extend's calls, checking servers with {@code trustManager} (TlsWarmup makes one too). */
    static SSLContext sslContext(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { trustManager }, null);
            return context;
        } catch (GeneralSecurityException failed) {
            throw new IllegalStateException("Cannot set up TLS for Extend: " + failed.getMessage(), failed);
        }
    }

    /**
     * Closes the connections at once (ExtendPriming's client, before a SnapStart snapshot), without waiting for an
     * exchange still in flight.
     */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
