package dev.extendcancel.batch;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import dev.extendcancel.cancel.InvocationLog;
import dev.extendcancel.cancel.WorkspacePolicy;
import dev.extendcancel.error.CancelError;
import dev.extendcancel.events.CancelRequest;
import dev.extendcancel.events.EventAdapter;
import dev.extendcancel.events.RequestTarget;
import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendCallTrace;

/**
 * One invocation of cancelWorkflowBatch, whatever its shape: read the event, cancel what the deadline allows, answer
 * the counts (HTTP 200 when done, 202 when not), log one line.
 */
@ApplicationScoped
public class BatchInvocation {

    private final WorkspacePolicy workspaces;
    private final BatchCanceller canceller;

    BatchInvocation(WorkspacePolicy workspaces, BatchCanceller canceller) {
        this.workspaces = workspaces;
        this.canceller = canceller;
    }

    public JsonNode handle(String function, JsonNode event, Context lambda) {
        long start = System.nanoTime();
        ExtendCallTrace trace = new ExtendCallTrace();
        EventAdapter adapter = null;
        String batchId = null;
        try {
            adapter = EventAdapter.of(event);
            CancelRequest request = adapter.read(event, RequestTarget.BATCH);
            batchId = request.runId();
            String workspace = workspaces.resolve(request);
            // a drain: Extend's 429s are waited out until the deadline, what is left is answered done=false
            Deadline deadline = Deadline.of(lambda).waitingOutRateLimits();
            BatchOutcome outcome = canceller.cancel(batchId, workspace, deadline, trace);
            InvocationLog.batch(function, batchId, outcome.cancelled(), outcome.alreadyStopped(),
                    outcome.failed().size(), outcome.remaining(), outcome.done(), trace, start);
            return adapter.answer(outcome.done() ? 200 : 202, outcome.toJson());
        } catch (CancelError error) {
            InvocationLog.batchFailure(function, batchId, error, trace, start);
            if (adapter == null) {
                throw error;
            }
            return adapter.failure(error);
        }
    }
}
