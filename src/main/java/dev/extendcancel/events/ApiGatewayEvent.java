package dev.extendcancel.events;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.error.CancelError;
import dev.extendcancel.error.ExtendRateLimited;

/**
 * An API Gateway proxy event: HTTP API payload format 2.0, or REST API Lambda proxy (v1, also HTTP API format 1.0).
 * The run (or batch) id comes from the {id} path parameter, the workspace from the x-extend-workspace-id header. Every answer
 * is a complete proxy response with statusCode: a thrown error would reach the caller as a bare 500.
 */
public final class ApiGatewayEvent implements EventAdapter {

    static final ApiGatewayEvent HTTP_API_V2 = new ApiGatewayEvent(false);
    static final ApiGatewayEvent REST_API_V1 = new ApiGatewayEvent(true);

    static final String WORKSPACE_HEADER = "x-extend-workspace-id";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** v1 events may carry headers only in multiValueHeaders. */
    private final boolean hasMultiValueHeaders;

    private ApiGatewayEvent(boolean hasMultiValueHeaders) {
        this.hasMultiValueHeaders = hasMultiValueHeaders;
    }

    @Override
    public CancelRequest read(JsonNode event, RequestTarget target) {
        return CancelRequest.of(event.path("pathParameters").get("id"), workspace(event), "the path parameter {id}",
                target);
    }

    /**
     * cancelRuns: the route names the selector ({@code POST /workflows/{id}/runs/cancel} a workflow's runs,
     * {@code /extractors/...}, {@code /classifiers/...}, {@code /splitters/...}), {@code ?dryRun=true} only looks.
     * The route is read from its template (HTTP API {@code routeKey}, REST API {@code resource}), or from the request's
     * path when the API routes everything to the function ({@code $default}, {@code /{proxy+}}).
     */
    @Override
    public SelectorRequest readSelector(JsonNode event) {
        RunSelector.By by = routeCollection(event).flatMap(RunSelector.By::ofRouteCollection)
                .orElseThrow(() -> CancelRequest.invalid("The request's route names no selector: expected POST"
                        + " /workflows/{id}/runs/cancel, /extractors/{id}/runs/cancel, /classifiers/{id}/runs/cancel"
                        + " or /splitters/{id}/runs/cancel"));
        CancelRequest target = CancelRequest.of(event.path("pathParameters").get("id"), workspace(event),
                "the path parameter {id}", by.noun());
        return new SelectorRequest(new RunSelector(by, target.runId()), target,
                EventAdapter.dryRun(queryParameter(event, "dryRun"), "the query string"));
    }

    /** {@code workflows} of the route's template, or else of the request's path. */
    private Optional<String> routeCollection(JsonNode event) {
        String template = isRestApiV1() ? event.path("resource").asText("")
                : event.path("routeKey").asText("").replaceFirst("^[A-Z]+ ", "");
        Matcher route = SELECTOR_ROUTE.matcher(template);
        if (route.matches()) {
            return Optional.of(route.group(1));
        }
        Matcher path = SELECTOR_PATH.matcher(event.path(isRestApiV1() ? "path" : "rawPath").asText(""));
        return path.find() ? Optional.of(path.group(1)) : Optional.empty();
    }

    private static final Pattern SELECTOR_ROUTE = Pattern.compile("^/([a-z-]+)/\\{id}/runs/cancel$");
    private static final Pattern SELECTOR_PATH = Pattern.compile("/([a-z-]+)/[^/]+/runs/cancel/?$");

    /** A query parameter; HTTP API joins repeated values with commas, REST API also lists them apart. */
    private JsonNode queryParameter(JsonNode event, String name) {
        JsonNode single = event.path("queryStringParameters").get(name);
        JsonNode multi = isRestApiV1() ? event.path("multiValueQueryStringParameters").get(name) : null;
        if (multi != null && multi.isArray() && multi.size() > 1) {
            return JSON.textNode(multi.toString()); // several values: refused as unclear
        }
        return single;
    }

    /** REST API (v1) events are the ones with multi-value headers and query parameters. */
    private boolean isRestApiV1() {
        return hasMultiValueHeaders;
    }

    private String workspace(JsonNode event) {
        String workspace = header(event.path("headers"), WORKSPACE_HEADER);
        if (workspace == null && hasMultiValueHeaders) {
            JsonNode values = field(event.path("multiValueHeaders"), WORKSPACE_HEADER);
            workspace = values != null && values.path(0).isTextual() ? values.path(0).textValue() : null;
        }
        return workspace != null && workspace.isEmpty() ? null : workspace;
    }

    @Override
    public JsonNode answer(int httpStatus, ObjectNode body) {
        return response(httpStatus, "application/json", body.toString());
    }

    @Override
    public JsonNode failure(CancelError error) {
        ObjectNode problem = JSON.objectNode()
                .put("type", "urn:extend-cancel:error:" + error.errorName())
                .put("title", error.title())
                .put("status", error.httpStatus())
                .put("detail", error.getMessage())
                .put("error", error.errorName());
        error.runId().ifPresent(id -> problem.put("runId", id));
        error.fault().ifPresent(fault -> {
            if (fault.code() != null) {
                problem.put("extendCode", fault.code());
            }
            if (fault.requestId() != null) {
                problem.put("extendRequestId", fault.requestId());
            }
        });
        ObjectNode response = response(error.httpStatus(), "application/problem+json", problem.toString());
        if (error instanceof ExtendRateLimited limited) {
            ((ObjectNode) response.get("headers")).put("retry-after",
                    Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
        }
        return response;
    }

    private static ObjectNode response(int status, String contentType, String body) {
        ObjectNode response = JSON.objectNode().put("statusCode", status);
        response.putObject("headers").put("content-type", contentType);
        return response.put("body", body).put("isBase64Encoded", false);
    }

    /** The value of a header, matched case-insensitively; null when absent or not a string. */
    private static String header(JsonNode headers, String name) {
        JsonNode value = field(headers, name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static JsonNode field(JsonNode object, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
