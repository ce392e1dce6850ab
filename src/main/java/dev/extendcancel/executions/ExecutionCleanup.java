package dev.extendcancel.executions;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.extendcancel.batch.BatchCanceller;
import dev.extendcancel.cancel.InvocationLog;
import dev.extendcancel.cancel.RunCanceller;
import dev.extendcancel.cancel.WorkspacePolicy;
import dev.extendcancel.config.ExtendConfig;
import dev.extendcancel.error.CancelError;
import dev.extendcancel.error.RunNotCancellable;
import dev.extendcancel.error.RunNotFound;
import dev.extendcancel.events.CancelRequest;
import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendCallTrace;
import dev.extendcancel.extend.RunKind;

/**
 * One invocation of {@code cancelExecutionRuns}: read the stopped execution's history, find the Extend runs and
 * batches it started (RunDiscovery: not the ones it only listed, nor those tagged with another execution),
 * cancel each idempotently, answer and log one line. A run that already finished or is gone is not a
 * failure. One run's failure does not stop the others; a failure a retry can fix fails the invocation at the end.
 * The workspace is never guessed from the history: EXTEND_WORKSPACE_ID and the allow-list apply as everywhere.
 */
@ApplicationScoped
public class ExecutionCleanup {

    private final StepFunctionsHistory history;
    private final RunCanceller runs;
    private final BatchCanceller batches;
    private final WorkspacePolicy workspaces;
    private final ObjectMapper json;
    private final boolean ownedOnly;

    ExecutionCleanup(StepFunctionsHistory history, RunCanceller runs, BatchCanceller batches,
            WorkspacePolicy workspaces, ObjectMapper json, ExtendConfig config) {
        this.history = history;
        this.runs = runs;
        this.batches = batches;
        this.workspaces = workspaces;
        this.json = json;
        this.ownedOnly = config.cleanupOwnedOnly();
    }

    public JsonNode handle(String function, JsonNode event, Context lambda) {
        long start = System.nanoTime();
        ExtendCallTrace trace = new ExtendCallTrace();
        String executionArn = null;
        CleanupReport report = null;
        CancelError failure;
        try {
            ExecutionRequest request = ExecutionRequest.of(event);
            executionArn = request.executionArn();
            Deadline deadline = Deadline.of(lambda);
            RunDiscovery discovery = new RunDiscovery(json, executionArn, ownedOnly);
            ExecutionHistory read = history.read(executionArn, deadline, discovery::scan);
            String status = request.eventStatus() != null ? request.eventStatus() : read.status();

            Map<String, RunKind> started = discovery.runs();
            report = new CleanupReport(executionArn, status, started.size(), discovery.skipped());
            for (Map.Entry<String, RunKind> run : started.entrySet()) {
                cancelRun(run.getValue(), run.getKey(), deadline, trace, report);
            }
            for (String batchId : discovery.batches()) {
                cancelBatch(batchId, deadline, trace, report);
            }
            failure = report.retry().orElse(null);
        } catch (CancelError error) {
            failure = error;
        }
        InvocationLog.executionCleanup(function, executionArn, report == null ? Map.of() : report.counts(), failure,
                trace, start);
        if (failure != null) {
            throw failure;
        }
        return report.toJson(json);
    }

    private void cancelRun(RunKind kind, String runId, Deadline deadline, ExtendCallTrace trace, CleanupReport report) {
        try {
            String workspace = workspaces.resolve(new CancelRequest(runId, Optional.empty()));
            runs.cancel(kind, runId, workspace, deadline, trace);
            report.cancelled(runId);
        } catch (RunNotFound | RunNotCancellable stopped) {
            report.alreadyStopped(runId);
        } catch (CancelError error) {
            report.failed(runId, error);
        }
    }

    private void cancelBatch(String batchId, Deadline deadline, ExtendCallTrace trace, CleanupReport report) {
        try {
            String workspace = workspaces.resolve(new CancelRequest(batchId, Optional.empty()));
            report.batch(batches.cancel(batchId, workspace, deadline, trace));
        } catch (CancelError error) {
            report.batchFailed(batchId, error, json);
        }
    }
}
