package dev.extendcancel.batch;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.cancel.RunFailure;
import dev.extendcancel.events.RunSelector;

/**
 * What one invocation did to a selector's runs: {@code remaining} is null when no listing finished, {@code done} true
 * only when a fresh listing showed no selected run PENDING or PROCESSING.
 */
public record DrainOutcome(RunSelector selector, int cancelled, int alreadyStopped, List<RunFailure> failed,
        Integer remaining, boolean done) {

    /** cancelRuns' answer: {@code {"selector": {"workflowId": "..."}, "cancelled", ...}}, field by field. */
    public ObjectNode toJson() {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("selector", selector.toJson());
        answer.put("cancelled", cancelled).put("alreadyStopped", alreadyStopped);
        ArrayNode failures = answer.putArray("failed");
        failed.forEach(failure -> failures.add(failure.toJson()));
        answer.put("remaining", remaining);
        return answer.put("done", done);
    }

    /** The same counts in the batch contract's shape, {@code batchId} in place of the selector. */
    public BatchOutcome asBatch() {
        return new BatchOutcome(selector.id(), cancelled, alreadyStopped, failed, remaining, done);
    }
}
