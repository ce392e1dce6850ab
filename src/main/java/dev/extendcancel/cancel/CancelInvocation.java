package dev.extendcancel.cancel;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.error.CancelError;
import dev.extendcancel.events.CancelRequest;
import dev.extendcancel.events.EventAdapter;
import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendCallTrace;
import dev.extendcancel.extend.RunKind;

/** One invocation of a cancel function, whatever its shape: read the event, cancel, answer, log one line. */
@ApplicationScoped
public class CancelInvocation {

    private final WorkspacePolicy workspaces;
    private final RunCanceller canceller;

    CancelInvocation(WorkspacePolicy workspaces, RunCanceller canceller) {
        this.workspaces = workspaces;
        this.canceller = canceller;
    }

    public JsonNode handle(String function, RunKind kind, JsonNode event, Context lambda) {
        long start = System.nanoTime();
        ExtendCallTrace trace = new ExtendCallTrace();
        EventAdapter adapter = null;
        String runId = null;
        try {
            adapter = EventAdapter.of(event);
            CancelRequest request = adapter.read(event);
            runId = request.runId();
            String workspace = workspaces.resolve(request);
            Deadline deadline = Deadline.of(lambda);
            ObjectNode run = canceller.cancel(kind, runId, workspace, deadline, trace);
            InvocationLog.success(function, runId, run.path("status").asText(), trace, start);
            return adapter.success(run);
        } catch (CancelError error) {
            InvocationLog.failure(function, error.runId().orElse(runId), error, trace, start);
            if (adapter == null) {
                throw error;
            }
            return adapter.failure(error);
        }
    }
}
