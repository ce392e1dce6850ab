package dev.extendcancel.batch;

import jakarta.enterprise.context.ApplicationScoped;

import dev.extendcancel.events.RunSelector;
import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendCallTrace;

/**
 * Cancels every in-flight run of a Batch Run Workflow batch (Extend has no batch cancel): the {@link RunDrain} with a
 * batch selector ({@code GET /workflow_runs?batchId=}), answered in the batch contract's shape. cancelWorkflowBatch
 * and the batches of cancelExecutionRuns go through here.
 */
@ApplicationScoped
public class BatchCanceller {

    private final RunDrain drain;

    BatchCanceller(RunDrain drain) {
        this.drain = drain;
    }

    /**
     * @throws dev.extendcancel.error.CancelError when the first listing fails, or a listing holds a run of another
     *         batch (the filter was not applied); one run's failure goes to {@link BatchOutcome#failed()}
     */
    public BatchOutcome cancel(String batchId, String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        return drain.drain(RunSelector.batch(batchId), workspaceId, deadline, trace).asBatch();
    }
}
