package dev.extendcancel.extend;

import java.util.function.Supplier;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * The headers Extend's SDKs send on every call, set on each request of the REST client. The key never leaves this
 * filter except as the Bearer header.
 */
public class ExtendHeaders implements ClientRequestFilter {

    public static final String WORKSPACE = "x-extend-workspace-id";
    public static final String API_VERSION = "x-extend-api-version";
    public static final String REQUEST_ID = "x-extend-request-id";

    /** Asked on every request, so a key re-read after a 401 (a rotated secret) is used from the next request on. */
    private final Supplier<String> apiKey;
    private final String apiVersion;
    private final String userAgent;

    public ExtendHeaders(Supplier<String> apiKey, String apiVersion, String userAgent) {
        this.apiKey = apiKey;
        this.apiVersion = apiVersion;
        this.userAgent = userAgent;
    }

    @Override
    public void filter(ClientRequestContext request) {
        var headers = request.getHeaders();
        headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey.get());
        headers.putSingle(API_VERSION, apiVersion);
        headers.putSingle(HttpHeaders.USER_AGENT, userAgent);
        headers.putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
    }

    @Override
    public String toString() {
        // never let a debugger or a log of the client's providers print the key
        return "ExtendHeaders[apiVersion=" + apiVersion + ", userAgent=" + userAgent + "]";
    }
}
