package dev.extendcancel.executions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.batch.BatchOutcome;
import dev.extendcancel.cancel.RunFailure;
import dev.extendcancel.error.CancelError;
import dev.extendcancel.error.ExtendRateLimited;
import dev.extendcancel.error.ExtendUnavailable;

/**
 * What one cleanup did, and the answer it gives: {@code {executionArn, status, runsFound, cancelled: [ids],
 * alreadyStopped: [ids], failed: [{runId, error, message}], batches: [...], skipped: [{runId, reason}]}}, where
 * {@code runsFound} counts the runs the execution started and {@code skipped} the runs it only saw (see
 * RunDiscovery), never cancelled. It also decides whether the invocation
 * must fail so that it runs again: when a cancel failed in a way a retry can fix (rate limit, Extend unavailable),
 * or a batch still has runs in flight.
 */
final class CleanupReport {

    private static final int FAILURES_IN_MESSAGE = 3;
    private static final Map<RunDiscovery.Skip, String> SKIPPED_BY_REASON = Map.of(
            RunDiscovery.Skip.LISTED, "skippedListed",
            RunDiscovery.Skip.OTHER_EXECUTION, "skippedOtherExecution",
            RunDiscovery.Skip.NOT_OWNED, "skippedNotOwned");

    private final String executionArn;
    private final String status;
    private final int runsFound;
    private final List<String> cancelled = new ArrayList<>();
    private final List<String> alreadyStopped = new ArrayList<>();
    private final List<RunFailure> failed = new ArrayList<>();
    private final List<ObjectNode> batches = new ArrayList<>();
    private final List<String> batchesNotDone = new ArrayList<>();
    private final List<RunDiscovery.SkippedRun> skipped;
    private CancelError firstRetryable;

    CleanupReport(String executionArn, String status, int runsFound, List<RunDiscovery.SkippedRun> skipped) {
        this.executionArn = executionArn;
        this.status = status;
        this.runsFound = runsFound;
        this.skipped = List.copyOf(skipped);
    }

    void cancelled(String runId) {
        cancelled.add(runId);
    }

    void alreadyStopped(String runId) {
        alreadyStopped.add(runId);
    }

    void failed(String runId, CancelError error) {
        failed.add(RunFailure.of(runId, error));
        retryable(error);
    }

    void batch(BatchOutcome outcome) {
        batches.add(outcome.toJson());
        if (!outcome.done()) {
            batchesNotDone.add(outcome.batchId() + (outcome.remaining() == null ? "" : " (" + outcome.remaining()
                    + " in flight)"));
        }
    }

    /** The batch's runs could not even be listed. */
    void batchFailed(String batchId, CancelError error, ObjectMapper json) {
        batches.add(json.createObjectNode().put("batchId", batchId).put("error", error.errorName())
                .put("message", error.getMessage()));
        batchesNotDone.add(batchId + " (" + error.errorName() + ")");
        retryable(error);
    }

    private void retryable(CancelError error) {
        if (firstRetryable == null && (error instanceof ExtendRateLimited || error instanceof ExtendUnavailable)) {
            firstRetryable = error;
        }
    }

    /**
     * The error to fail the invocation with, after everything else was done, so that EventBridge's asynchronous
     * retries run it again: every step is idempotent, so a second run only finishes what the first could not.
     */
    Optional<CancelError> retry() {
        if (firstRetryable == null && batchesNotDone.isEmpty()) {
            return Optional.empty();
        }
        String message = summary() + "; failing so that the invocation is retried (every cancel is idempotent)";
        if (firstRetryable instanceof ExtendRateLimited limited) {
            return Optional.of(new ExtendRateLimited(message, null, limited.fault().orElse(null), limited.retryAfter()));
        }
        if (firstRetryable instanceof ExtendUnavailable unavailable) {
            return Optional.of(new ExtendUnavailable(message, null, unavailable.fault().orElse(null),
                    unavailable.timedOut()));
        }
        // only batches still in flight: Extend has not confirmed them stopped yet, as with a run still PROCESSING
        return Optional.of(new ExtendUnavailable(message, null, null, false));
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode answer = json.createObjectNode();
        answer.put("executionArn", executionArn);
        answer.put("status", status);
        answer.put("runsFound", runsFound);
        cancelled.forEach(answer.putArray("cancelled")::add);
        alreadyStopped.forEach(answer.putArray("alreadyStopped")::add);
        ArrayNode failures = answer.putArray("failed");
        failed.forEach(failure -> failures.add(failure.toJson()));
        answer.putArray("batches").addAll(batches);
        ArrayNode skips = answer.putArray("skipped");
        skipped.forEach(run -> skips.addObject().put("runId", run.runId()).put("reason", run.skip().reason));
        return answer;
    }

    /** The counts for the log line (never ids or execution data beyond the ARN). */
    Map<String, Object> counts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("executionStatus", status);
        counts.put("runsFound", runsFound);
        counts.put("cancelled", cancelled.size());
        counts.put("alreadyStopped", alreadyStopped.size());
        counts.put("failed", failed.size());
        counts.put("batchesFound", batches.size());
        counts.put("batchesNotDone", batchesNotDone.size());
        // how many runs were left alone and why, so that the line alone explains a run left running
        counts.put("skipped", skipped.size());
        for (RunDiscovery.Skip skip : RunDiscovery.Skip.values()) {
            counts.put(SKIPPED_BY_REASON.get(skip), (int) skipped.stream().filter(run -> run.skip() == skip).count());
        }
        return counts;
    }

    String summary() {
        StringBuilder text = new StringBuilder("Execution ").append(executionArn).append(" (").append(status)
                .append("): ").append(runsFound).append(" runs found, ").append(cancelled.size()).append(" cancelled, ")
                .append(alreadyStopped.size()).append(" already stopped, ").append(failed.size()).append(" failed");
        if (!failed.isEmpty()) {
            text.append(failed.stream().limit(FAILURES_IN_MESSAGE)
                    .map(failure -> failure.runId() + " " + failure.error() + ": " + failure.message())
                    .collect(Collectors.joining("; ", " [", failed.size() > FAILURES_IN_MESSAGE ? "; ...]" : "]")));
        }
        if (!skipped.isEmpty()) {
            text.append("; ").append(skipped.size()).append(" seen but not this execution's to cancel");
        }
        if (!batchesNotDone.isEmpty()) {
            text.append("; batches not done: ").append(String.join(", ", batchesNotDone));
        }
        return text.toString();
    }
}
