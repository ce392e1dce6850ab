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
    public CancelRequest read(JsonNode event, RequestTarget target) {
        JsonNode workspace = event.path("workspaceId");
        if (!workspace.isMissingNode() && !workspace.isNull() && !workspace.isTextual()) {
            throw new InvalidRunRequest("workspaceId must be a string", null, null);
        }
        return CancelRequest.of(event.get(target.directField()), workspace.isTextual() ? workspace.textValue() : null,
                "the field \"" + target.directField() + "\" of the event", target);
    }

    @Override
    public JsonNode answer(int httpStatus, ObjectNode body) {
        return body;
    }

    @Override
    public JsonNode failure(CancelError error) {
        throw error;
    }
}
