package dev.extendcancel.executions;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.batch.BatchCanceller;
import dev.extendcancel.cancel.InvocationLog;
import dev.extendcancel.cancel.RunCanceller;
import dev.extendcancel.cancel.WorkspacePolicy;
import dev.extendcancel.config.ExtendConfig;
import dev.extendcancel.error.CancelError;
import dev.extendcancel.error.ExecutionNotFound;
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
 *
 * <p>
 * An SQS event (the module's queue between EventBridge and this function) is a batch of such executions: each
 * record is cleaned up in turn within the one deadline, and the answer names in {@code batchItemFailures} the
 * records SQS must hand out again (see {@link #comesBack}).
 *
 * <p>
 * A cleanup is a drain: Extend's 429s are waited out until the deadline (under EXTEND_MAX_REQUESTS_PER_SECOND), not
 * given up after EXTEND_MAX_ATTEMPTS, since what is left then only comes back later to the same budget.
 */
@ApplicationScoped
public class ExecutionCleanup {

    /** A record is not started with less time than this left: it comes back instead (history read and a cancel). */
    static final Duration MIN_TIME_FOR_A_RECORD = Duration.ofSeconds(1);

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
        Deadline deadline = Deadline.of(lambda).waitingOutRateLimits();
        if (QueueMessage.isQueueEvent(event)) {
            return handleQueue(function, event, deadline);
        }
        long start = System.nanoTime();
        ExtendCallTrace trace = new ExtendCallTrace();
        Cleanup cleanup = cleanUp(() -> ExecutionRequest.of(event), deadline, trace);
        InvocationLog.executionCleanup(function, cleanup.executionArn(), cleanup.counts(), cleanup.failure(), trace,
                start);
        if (cleanup.failure() != null) {
            throw cleanup.failure();
        }
        return cleanup.report().toJson(json);
    }

    /**
     * The records one by one, within the invocation's deadline, and one log line per record: a record is one stopped
     * execution with its own ARN, counts and outcome, as a direct invocation logs it, so the metrics and alarms on
     * outcomes count executions whatever the batch size (Lambda's own Invocations metric counts the invocations).
     * The answer is exactly Lambda's partial batch response, {@code {"batchItemFailures": [{"itemIdentifier"}]}}; what
     * became of each record is in its line.
     */
    private JsonNode handleQueue(String function, JsonNode event, Deadline deadline) {
        List<QueueMessage> messages;
        try {
            messages = QueueMessage.all(event);
        } catch (CancelError invalid) {
            // no record can be told apart: fail the invocation, Lambda hands the whole batch out again
            InvocationLog.executionCleanup(function, null, Map.of(), invalid, new ExtendCallTrace(), System.nanoTime());
            throw invalid;
        }
        ObjectNode answer = json.createObjectNode();
        ArrayNode failures = answer.putArray("batchItemFailures");
        for (QueueMessage message : messages) {
            long start = System.nanoTime();
            ExtendCallTrace trace = new ExtendCallTrace();
            if (deadline.left().compareTo(MIN_TIME_FOR_A_RECORD) < 0) {
                failures.addObject().put("itemIdentifier", message.messageId());
                InvocationLog.of(function, start).field("messageId", message.messageId())
                        .field("receiveCount", message.receiveCount()).field("retry", true).extend(trace)
                        .success("notReached", function + " left SQS message " + message.messageId()
                                + " for a later receive: the invocation's deadline came first");
                continue;
            }
            Cleanup cleanup = cleanUp(() -> ExecutionRequest.of(message.json(json)), deadline, trace);
            boolean retry = comesBack(cleanup.failure());
            if (retry) {
                failures.addObject().put("itemIdentifier", message.messageId());
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("messageId", message.messageId());
            fields.put("receiveCount", message.receiveCount());
            fields.put("retry", retry);
            fields.putAll(cleanup.counts());
            InvocationLog.executionCleanup(function, cleanup.executionArn(), fields, cleanup.failure(), trace, start);
        }
        return answer;
    }

    /**
     * Whether SQS must hand a record out again (after the queue's visibility timeout; after maxReceiveCount receives
     * it moves to the dead-letter queue, where the operator's alarm sees it): whenever the same event invoked directly
     * would fail, so that no stopped execution is dropped while something of it may still be done. That covers a
     * retryable cancel failure (429 after the deadline, Extend unavailable), a batch still in flight, a history that
     * could not be read (Step Functions down, or access denied until the role is fixed), and a malformed body, which
     * no receive can fix but which the dead-letter queue keeps verbatim for the operator to read (the log holds no
     * message body).
     *
     * <p>
     * Not redelivered: failures no later receive can change. A run Extend refused for good (a revoked key, no
     * credits, a run it will not cancel) is reported in the answer's {@code failed} and in the line, as for a direct
     * invocation: redelivering would only repeat every cancel of the execution (out of the shared budget) up to
     * maxReceiveCount times for the same refusal, then park a message the operator can do nothing more with than
     * with the line, which names the execution to re-run with {@code {"executionArn"}} once the cause is fixed. An
     * execution Step Functions does not know ({@link ExecutionNotFound}) has nothing to cancel, ever.
     */
    static boolean comesBack(CancelError failure) {
        return failure != null && !(failure instanceof ExecutionNotFound);
    }

    /** What one execution's cleanup came to: its report (null when it failed before one), or the error to answer. */
    private record Cleanup(String executionArn, CleanupReport report, CancelError failure) {

        Map<String, Object> counts() {
            return report == null ? Map.of() : report.counts();
        }
    }

    private Cleanup cleanUp(Supplier<ExecutionRequest> event, Deadline deadline, ExtendCallTrace trace) {
        String executionArn = null;
        CleanupReport report = null;
        try {
            ExecutionRequest request = event.get();
            executionArn = request.executionArn();
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
            return new Cleanup(executionArn, report, report.retry().orElse(null));
        } catch (CancelError error) {
            return new Cleanup(executionArn, report, error);
        }
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
