package dev.extendcancel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import dev.extendcancel.batch.BatchInvocation;
import io.quarkus.funqy.Funq;

/**
 * The batch function: cancels every in-flight run of a Batch Run Workflow batch, invoked again by its caller until
 * the answer says {@code done}. Same event shapes as the run functions ({@code {"batchId"}} when invoked directly).
 */
public class BatchFunctions {

    private final BatchInvocation invocation;

    BatchFunctions(BatchInvocation invocation) {
        this.invocation = invocation;
    }

    @Funq
    public JsonNode cancelWorkflowBatch(JsonNode event, @io.quarkus.funqy.Context Context lambda) {
        return invocation.handle("cancelWorkflowBatch", event, lambda);
    }
}
