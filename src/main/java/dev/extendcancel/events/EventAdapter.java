package dev.extendcancel.events;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.error.CancelError;

/**
 * One way of invoking a function: reads the request out of the event and shapes the answer the way that caller
 * expects it. Every function accepts all of them, told apart by the event's content.
 */
public sealed interface EventAdapter permits DirectInvocation, ApiGatewayEvent {

    /** The adapter for this event, or InvalidRunRequest when the event has no known shape. */
    static EventAdapter of(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw CancelRequest.invalid("The event must be a JSON object: either {\"id\": \"<run id>\"} or an API"
                    + " Gateway proxy event");
        }
        if (event.path("requestContext").isObject()) {
            if ("2.0".equals(event.path("version").asText()) && event.path("requestContext").path("http").isObject()) {
                return ApiGatewayEvent.HTTP_API_V2;
            }
            if (event.path("httpMethod").isTextual()) {
                return ApiGatewayEvent.REST_API_V1;
            }
            throw CancelRequest.invalid("The event has a requestContext but is neither an API Gateway HTTP API 2.0"
                    + " event nor a REST API (v1) proxy event");
        }
        return DirectInvocation.INSTANCE;
    }

    /** The validated request; InvalidRunRequest when the event does not name a valid run. */
    default CancelRequest read(JsonNode event) {
        return read(event, RequestTarget.RUN);
    }

    /** The validated request for a function acting on {@code target}; InvalidRunRequest when its id is not valid. */
    CancelRequest read(JsonNode event, RequestTarget target);

    /**
     * The validated cancelRuns request: exactly one selector, the workspace, and whether it is a dry run;
     * InvalidRunRequest otherwise.
     */
    SelectorRequest readSelector(JsonNode event);

    /** The value of a dryRun flag, JSON boolean or string; absent means a real run. Anything unclear is refused. */
    static boolean dryRun(JsonNode flag, String source) {
        if (flag == null || flag.isMissingNode() || flag.isNull()) {
            return false;
        }
        if (flag.isBoolean()) {
            return flag.booleanValue();
        }
        // a flag that was meant to only look must never cancel: an unclear value is refused, not read as false
        switch (flag.isTextual() ? flag.textValue().toLowerCase(Locale.ROOT) : "?") {
            case "true", "1", "":
                return true;
            case "false", "0":
                return false;
            default:
                throw CancelRequest.invalid("dryRun in " + source + " must be true or false");
        }
    }

    /** What the caller gets when the run is cancelled. */
    default JsonNode success(ObjectNode run) {
        return answer(200, run);
    }

    /** A successful answer with its HTTP status (e.g. 202 for a batch not finished yet); direct callers get the body. */
    JsonNode answer(int httpStatus, ObjectNode body);

    /** What the caller gets on an error: an HTTP answer for API Gateway, the error itself (thrown) otherwise. */
    JsonNode failure(CancelError error);
}
