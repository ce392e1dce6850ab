package dev.extendcancel.cancel;

import static io.quarkiverse.loggingjson.providers.KeyValueStructuredArgument.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.extendcancel.error.CancelError;
import dev.extendcancel.extend.ExtendCallTrace;

/**
 * The one log line of an invocation, its fields written by JSON logging as typed top-level fields (structured
 * arguments, not MDC, so nothing carries over into the next invocation). No secret reaches it: error messages are
 * already redacted, and the key is never in scope here.
 */
public final class InvocationLog {

    private static final Logger LOG = Logger.getLogger("dev.extendcancel.invocation");

    private InvocationLog() {
    }

    static void success(String function, String runId, String runStatus, ExtendCallTrace trace, long startNanos,
            String lambdaRequestId) {
        List<Object> fields = fields(function, runId, "cancelled", trace, startNanos, lambdaRequestId);
        fields.add(kv("runStatus", runStatus));
        LOG.infov("{0} cancelled run {1} (status {2})", prepend(fields, function, runId, runStatus));
    }

    static void failure(String function, String runId, CancelError error, ExtendCallTrace trace, long startNanos,
            String lambdaRequestId) {
        List<Object> fields = fields(function, runId, "failed", trace, startNanos, lambdaRequestId);
        fields.add(kv("error", error.errorName()));
        LOG.infov("{0} failed with {1}: {2}", prepend(fields, function, error.errorName(), error.getMessage()));
    }

    /**
     * The line of a {@code cancelExecutionRuns} invocation: the shared fields (the execution ARN in place of a run
     * id) and its counts. Never run ids' data, never execution data.
     */
    public static void executionCleanup(String function, String executionArn, Map<String, Object> counts,
            CancelError error, ExtendCallTrace trace, long startNanos, String lambdaRequestId) {
        List<Object> fields = fields(function, null, error == null ? "cleaned" : "failed", trace, startNanos,
                lambdaRequestId);
        if (executionArn != null) {
            fields.add(kv("executionArn", executionArn));
        }
        counts.forEach((name, value) -> fields.add(kv(name, value)));
        if (error == null) {
            LOG.infov("{0} cleaned up {1}: {2}", prepend(fields, function, executionArn, counts));
        } else {
            fields.add(kv("error", error.errorName()));
            LOG.infov("{0} failed with {1}: {2}", prepend(fields, function, error.errorName(), error.getMessage()));
        }
    }

    /** A batch invocation's line: the shared fields, batchId, and the counts it answered. */
    public static void batch(String function, String batchId, int cancelled, int alreadyStopped, int failed,
            Integer remaining, boolean done, ExtendCallTrace trace, long startNanos, String lambdaRequestId) {
        List<Object> fields = fields(function, null, done ? "done" : "partial", trace, startNanos, lambdaRequestId);
        fields.add(kv("batchId", batchId));
        fields.add(kv("cancelled", cancelled));
        fields.add(kv("alreadyStopped", alreadyStopped));
        fields.add(kv("failed", failed));
        if (remaining != null) {
            fields.add(kv("remaining", remaining));
        }
        fields.add(kv("done", done));
        LOG.infov("{0} batch {1}: {2} cancelled, {3} already stopped, {4} failed, {5} remaining",
                prepend(fields, function, batchId, cancelled, alreadyStopped, failed, remaining));
    }

    public static void batchFailure(String function, String batchId, CancelError error, ExtendCallTrace trace,
            long startNanos, String lambdaRequestId) {
        List<Object> fields = fields(function, null, "failed", trace, startNanos, lambdaRequestId);
        if (batchId != null) {
            fields.add(kv("batchId", batchId));
        }
        fields.add(kv("error", error.errorName()));
        LOG.infov("{0} failed with {1}: {2}", prepend(fields, function, error.errorName(), error.getMessage()));
    }

    private static List<Object> fields(String function, String runId, String outcome, ExtendCallTrace trace,
            long startNanos, String lambdaRequestId) {
        List<Object> fields = new ArrayList<>();
        fields.add(kv("function", function));
        if (runId != null) {
            fields.add(kv("runId", runId));
        }
        fields.add(kv("outcome", outcome));
        if (trace.lastStatus() > 0) {
            fields.add(kv("extendStatus", trace.lastStatus()));
        }
        if (trace.lastRequestId() != null) {
            fields.add(kv("extendRequestId", trace.lastRequestId()));
        }
        fields.add(kv("attempts", trace.attempts()));
        fields.add(kv("durationMs", (System.nanoTime() - startNanos) / 1_000_000));
        if (lambdaRequestId != null) {
            fields.add(kv("lambdaRequestId", lambdaRequestId));
        }
        return fields;
    }

    /** The message's own parameters first ({0}, {1}, {2}), then the structured fields. */
    private static Object[] prepend(List<Object> fields, Object... messageParameters) {
        List<Object> all = new ArrayList<>(Arrays.asList(messageParameters));
        all.addAll(fields);
        return all.toArray();
    }
}
