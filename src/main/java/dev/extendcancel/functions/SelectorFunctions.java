package dev.extendcancel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import dev.extendcancel.batch.SelectorInvocation;
import io.quarkus.funqy.Funq;

/**
 * The selector function: stops every in-flight run of one workflow, extractor, classifier, splitter or workflow batch
 * ({@code {"workflowId": "..."}}, ... when invoked directly; {@code POST /workflows/{id}/runs/cancel}, ... over HTTP),
 * invoked again by its caller until the answer says {@code done}; {@code dryRun} only lists.
 */
public class SelectorFunctions {

    private final SelectorInvocation invocation;

    SelectorFunctions(SelectorInvocation invocation) {
        this.invocation = invocation;
    }

    @Funq
    public JsonNode cancelRuns(JsonNode event, @io.quarkus.funqy.Context Context lambda) {
        return invocation.handle("cancelRuns", event, lambda);
    }
}
