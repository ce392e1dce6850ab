package dev.extendcancel.events;

import java.util.Arrays;
import java.util.List;

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
        return CancelRequest.of(event.get(target.directField()), workspace(event),
                "the field \"" + target.directField() + "\" of the event", target);
    }

    /** {@code {"workflowId" | "extractorId" | "classifierId" | "splitterId" | "batchId": "...", "dryRun": true}}. */
    @Override
    public SelectorRequest readSelector(JsonNode event) {
        List<RunSelector.By> named = Arrays.stream(RunSelector.By.values())
                .filter(by -> event.hasNonNull(by.field())).toList();
        if (named.size() != 1) {
            throw CancelRequest.invalid("Name exactly one of " + SELECTOR_FIELDS + " in the event, got "
                    + (named.isEmpty() ? "none" : named.stream().map(RunSelector.By::field).toList()));
        }
        RunSelector.By by = named.getFirst();
        CancelRequest target = CancelRequest.of(event.get(by.field()), workspace(event),
                "the field \"" + by.field() + "\" of the event", by.noun());
        return new SelectorRequest(new RunSelector(by, target.runId()), target,
                EventAdapter.dryRun(event.get("dryRun"), "the event"));
    }

    private static final List<String> SELECTOR_FIELDS = Arrays.stream(RunSelector.By.values())
            .map(RunSelector.By::field).toList();

    private static String workspace(JsonNode event) {
        JsonNode workspace = event.path("workspaceId");
        if (!workspace.isMissingNode() && !workspace.isNull() && !workspace.isTextual()) {
            throw new InvalidRunRequest("workspaceId must be a string", null, null);
        }
        return workspace.isTextual() ? workspace.textValue() : null;
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
