package dev.extendcancel.cancel;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.extendcancel.error.CancelError;
import dev.extendcancel.extend.ExtendCallTrace;

/**
 * The one log line of an invocation. Its fields go through the MDC so that Quarkus JSON logging writes them as
 * structured fields. No secret reaches it: error messages are already redacted, and the key is never in scope.
 */
final class InvocationLog {

    private static final Logger LOG = Logger.getLogger("dev.extendcancel.invocation");
    private static final String[] FIELDS = { "function", "runId", "outcome", "error", "runStatus", "extendStatus",
            "extendRequestId", "attempts", "durationMs", "lambdaRequestId" };

    private InvocationLog() {
    }

    static void success(String function, String runId, String runStatus, ExtendCallTrace trace, long startNanos,
            String lambdaRequestId) {
        write(function, runId, "cancelled", null, runStatus, trace, startNanos, lambdaRequestId);
        LOG.infof("%s cancelled run %s (status %s)", function, runId, runStatus);
    }

    static void failure(String function, String runId, CancelError error, ExtendCallTrace trace, long startNanos,
            String lambdaRequestId) {
        write(function, runId, "failed", error.errorName(), null, trace, startNanos, lambdaRequestId);
        LOG.infof("%s failed with %s: %s", function, error.errorName(), error.getMessage());
    }

    private static void write(String function, String runId, String outcome, String error, String runStatus,
            ExtendCallTrace trace, long startNanos, String lambdaRequestId) {
        for (String field : FIELDS) {
            MDC.remove(field);
        }
        put("function", function);
        put("runId", runId);
        put("outcome", outcome);
        put("error", error);
        put("runStatus", runStatus);
        if (trace.lastStatus() > 0) {
            put("extendStatus", trace.lastStatus());
        }
        put("extendRequestId", trace.lastRequestId());
        put("attempts", trace.attempts());
        put("durationMs", (System.nanoTime() - startNanos) / 1_000_000);
        put("lambdaRequestId", lambdaRequestId);
    }

    private static void put(String field, Object value) {
        if (value != null) {
            MDC.put(field, value);
        }
    }
}
