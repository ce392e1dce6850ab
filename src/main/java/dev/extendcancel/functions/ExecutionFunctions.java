package dev.extendcancel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import dev.extendcancel.executions.ExecutionCleanup;
import io.quarkus.funqy.Funq;

/**
 * Cleans up after a Step Functions execution that stopped without running its Catch (aborted, timed out, failed):
 * cancels every Extend run and batch its history shows. Fed by the module's SQS queue (which the EventBridge rule on
 * "Step Functions Execution Status Change" fills; it answers {@code batchItemFailures}), or invoked with the
 * EventBridge event itself or by hand with {@code {"executionArn": "..."}}.
 */
public class ExecutionFunctions {

    private final ExecutionCleanup cleanup;

    ExecutionFunctions(ExecutionCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @Funq
    public JsonNode cancelExecutionRuns(JsonNode event, @io.quarkus.funqy.Context Context lambda) {
        return cleanup.handle("cancelExecutionRuns", event, lambda);
    }
}
