package dev.extendcancel.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.error.CancelError;
import dev.extendcancel.error.InvalidRunRequest;

/**
 * {@code {"id": "<run id>", "workspaceId": "ws_..."}} from Step Functions or the SDK's Invoke. The run is the
 * result; an error is thrown so that its class name becomes the Lambda errorType that Retry/Catch match.
 */
public final class DirectInvocation implements EventAdapter {

    static final DirectInvocation INSTANCE = new DirectInvocation();

    private DirectInvocation() {
    }

    @Override
    public CancelRequest read(JsonNode event) {
        JsonNode workspace = event.path("workspaceId");
        if (!workspace.isMissingNode() && !workspace.isNull() && !workspace.isTextual()) {
            throw new InvalidRunRequest("workspaceId must be a string", null, null);
        }
        return CancelRequest.of(event.get("id"), workspace.isTextual() ? workspace.textValue() : null,
                "the field \"id\" of the event");
    }

    @Override
    public JsonNode success(ObjectNode run) {
        return run;
    }

    @Override
    public JsonNode failure(CancelError error) {
        throw error;
    }
}
