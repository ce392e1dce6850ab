package dev.extendcancel.cancel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.error.CancelError;

/** One run that could not be cancelled, as the batch and execution answers list it: {@code {runId, error, message}}. */
public record RunFailure(String runId, String error, String message) {

    public static RunFailure of(String runId, CancelError error) {
        return new RunFailure(runId, error.errorName(), error.getMessage());
    }

    /** As the answers list it, written field by field (no reflection, so a native image needs no registration). */
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode()
                .put("runId", runId)
                .put("error", error)
                .put("message", message);
    }
}
