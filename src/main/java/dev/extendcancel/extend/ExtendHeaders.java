package dev.extendcancel.extend;

import java.net.http.HttpRequest;
import java.util.function.Supplier;

/** The headers Extend's SDKs send on every call. The key never leaves this class except as the Bearer header. */
public class ExtendHeaders {

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

    /** Sets the headers of one request; the workspace header only when there is a workspace. */
    void applyTo(HttpRequest.Builder request, String workspaceId) {
        request.header("Authorization", "Bearer " + apiKey.get())
                .header(API_VERSION, apiVersion)
                .header("User-Agent", userAgent)
                .header("Accept", "application/json");
        if (workspaceId != null) {
            request.header(WORKSPACE, workspaceId);
        }
    }

    @Override
    public String toString() {
        // never let a debugger or a log print the key
        return "ExtendHeaders[apiVersion=" + apiVersion + ", userAgent=" + userAgent + "]";
    }
}
