package dev.extendcancel.batch;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.cancel.RunFailure;

/**
 * What one invocation did to a batch, exactly the contract's answer: {@code remaining} is null when no listing
 * finished, {@code done} true only when a fresh listing showed no run of the batch PENDING or PROCESSING.
 */
public record BatchOutcome(String batchId, int cancelled, int alreadyStopped, List<RunFailure> failed, Integer remaining,
        boolean done) {

    /**
     * Exactly the contract's fields, in its order: cancelWorkflowBatch's answer, and each entry of cancelExecutionRuns'
     * {@code batches}. Written field by field (no reflection, so a native image needs no registration).
     */
    public ObjectNode toJson() {
        ObjectNode answer = JsonNodeFactory.instance.objectNode()
                .put("batchId", batchId)
                .put("cancelled", cancelled)
                .put("alreadyStopped", alreadyStopped);
        ArrayNode failures = answer.putArray("failed");
        failed.forEach(failure -> failures.add(failure.toJson()));
        answer.put("remaining", remaining);
        return answer.put("done", done);
    }
}
