package dev.extendcancel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import dev.extendcancel.cancel.CancelInvocation;
import dev.extendcancel.extend.RunKind;
import io.quarkus.funqy.Funq;

/**
 * The six cancel functions, one per Extend cancel operation. Each Lambda serves one of them, chosen by
 * {@code QUARKUS_FUNQY_EXPORT}. The event is taken as a JSON tree because one function accepts three shapes
 * (direct invocation, API Gateway HTTP API 2.0, REST API v1); the Lambda Context gives it its deadline.
 */
public class CancelFunctions {

    private final CancelInvocation invocation;

    CancelFunctions(CancelInvocation invocation) {
        this.invocation = invocation;
    }

    @Funq
    public JsonNode cancelProcessorRun(JsonNode event, @io.quarkus.funqy.Context Context lambda) {
        return invocation.handle("cancelProcessorRun", RunKind.PROCESSOR_RUN, event, lambda);
    }

    @Funq
    public JsonNode cancelWorkflowRun(JsonNode event, @io.quarkus.funqy.Context Context lambda) {
        return invocation.handle("cancelWorkflowRun", RunKind.WORKFLOW_RUN, event, lambda);
    }

    @Funq
    public JsonNode cancelExtractRun(JsonNode event, @io.quarkus.funqy.Context Context lambda) {
        return invocation.handle("cancelExtractRun", RunKind.EXTRACT_RUN, event, lambda);
    }

    @Funq
    public JsonNode cancelClassifyRun(JsonNode event, @io.quarkus.funqy.Context Context lambda) {
        return invocation.handle("cancelClassifyRun", RunKind.CLASSIFY_RUN, event, lambda);
    }

    @Funq
    public JsonNode cancelSplitRun(JsonNode event, @io.quarkus.funqy.Context Context lambda) {
        return invocation.handle("cancelSplitRun", RunKind.SPLIT_RUN, event, lambda);
    }

    @Funq
    public JsonNode cancelParseRun(JsonNode event, @io.quarkus.funqy.Context Context lambda) {
        return invocation.handle("cancelParseRun", RunKind.PARSE_RUN, event, lambda);
    }
}
