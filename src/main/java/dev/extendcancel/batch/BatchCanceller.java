package dev.extendcancel.batch;

import jakarta.enterprise.context.ApplicationScoped;

import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendCallTrace;

/**
 * Cancels every in-flight run of a Batch Run Workflow batch (issue 9). SEAM ONLY: the batch work replaces this body;
 * the execution cleanup (issue 13) calls it with this signature.
 */
@ApplicationScoped
public class BatchCanceller {

    /**
     * @throws dev.extendcancel.error.CancelError when the listing itself fails (one run's failure goes to
     *         {@link BatchOutcome#failed()})
     */
    public BatchOutcome cancel(String batchId, String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        throw new UnsupportedOperationException("batch cancel is not built yet");
    }
}
