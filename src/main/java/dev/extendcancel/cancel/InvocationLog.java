package dev.extendcancel.cancel;

import static io.quarkiverse.loggingjson.providers.KeyValueStructuredArgument.kv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;
import org.jboss.logging.Logger.Level;

import dev.extendcancel.error.CancelError;
import dev.extendcancel.extend.ExtendCallTrace;
import dev.extendcancel.lambda.LambdaInvocation;

/**
 * The one log line of an invocation, for any function: its own fields (function, run id, outcome or error name,
 * what Extend answered, duration), AWS Lambda Powertools' standard keys, and a CloudWatch Embedded Metric Format
 * block ({@link EmbeddedMetrics}), all on one JSON object. JSON logging writes the fields as typed top-level fields
 * (structured arguments, not MDC, so nothing carries over into the next invocation).
 *
 * <p>
 * Levels, so that Lambda's application log level can filter: success INFO, the caller's faults WARN, Extend's (and
 * any other) ERROR. No secret reaches it: error messages are already redacted, and the key is never in scope here.
 */
public final class InvocationLog {

    private static final Logger LOG = Logger.getLogger("dev.extendcancel.invocation");

    /** Errors that the request caused, not Extend nor this function: logged at WARN. */
    static final Set<String> CALLERS_FAULTS = Set.of("InvalidRunRequest", "WorkspaceNotAllowed", "RunNotFound",
            "RunNotCancellable", "ExecutionNotFound");

    private InvocationLog() {
    }

    /** A line for {@code function}; add its own fields, then end it with success or failure. */
    public static Line of(String function, long startNanos) {
        return new Line(function, startNanos);
    }

    static void success(String function, String runId, String runStatus, ExtendCallTrace trace, long startNanos) {
        of(function, startNanos).field("runId", runId).extend(trace)
                .field("runStatus", runStatus)
                .success("cancelled", function + " cancelled run " + runId + " (status " + runStatus + ")");
    }

    static void failure(String function, String runId, CancelError error, ExtendCallTrace trace, long startNanos) {
        of(function, startNanos).field("runId", runId).extend(trace)
                .failure(error);
    }

    /**
     * The line of a {@code cancelExecutionRuns} invocation: the execution ARN in place of a run id, and its counts.
     * Never run ids' data, never execution data.
     */
    public static void executionCleanup(String function, String executionArn, Map<String, Object> counts,
            CancelError error, ExtendCallTrace trace, long startNanos) {
        Line line = of(function, startNanos).field("executionArn", executionArn).extend(trace);
        counts.forEach(line::field);
        // once the history was read, the counts hold how many runs were left alone: also a metric, to alarm on
        if (counts.get("skipped") instanceof Integer skipped) {
            line.metric(EmbeddedMetrics.SKIPPED_RUNS, skipped);
        }
        if (error == null) {
            line.success("cleaned", function + " cleaned up " + executionArn + ": " + counts);
        } else {
            line.failure(error);
        }
    }

    /** A batch invocation's line: batchId and the counts it answered; outcome {@code done} or {@code partial}. */
    public static void batch(String function, String batchId, int cancelled, int alreadyStopped, int failed,
            Integer remaining, boolean done, ExtendCallTrace trace, long startNanos) {
        of(function, startNanos).field("batchId", batchId).extend(trace)
                .field("cancelled", cancelled).field("alreadyStopped", alreadyStopped).field("failed", failed)
                .field("remaining", remaining).field("done", done)
                .success(done ? "done" : "partial", function + " batch " + batchId + ": " + cancelled + " cancelled, "
                        + alreadyStopped + " already stopped, " + failed + " failed, " + remaining + " remaining");
    }

    public static void batchFailure(String function, String batchId, CancelError error, ExtendCallTrace trace,
            long startNanos) {
        of(function, startNanos).field("batchId", batchId).extend(trace)
                .failure(error);
    }

    /** The level of a failure's line. */
    static Level level(CancelError error) {
        return CALLERS_FAULTS.contains(error.errorName()) ? Level.WARN : Level.ERROR;
    }

    /** One invocation's line being put together. Not thread-safe: one per invocation. */
    public static final class Line {
        private final String function;
        private final long startNanos;
        private final List<Object> fields = new ArrayList<>();
        private final Map<String, Integer> ownCounts = new LinkedHashMap<>();
        private int attempts;

        private Line(String function, long startNanos) {
            this.function = function;
            this.startNanos = startNanos;
        }

        /** A field of the function's own; null values are left out. */
        public Line field(String key, Object value) {
            if (value != null) {
                fields.add(kv(key, value));
            }
            return this;
        }

        /** A Count metric of the function's own, added to the line's EMF block beside the common ones. */
        Line metric(String name, int value) {
            ownCounts.put(name, value);
            return this;
        }

        /**
         * What the calls to Extend did: attempts, Extend's last status and request id, and how long they waited for
         * their turn under EXTEND_MAX_REQUESTS_PER_SECOND ({@code rateLimitWaitMs}: time spent on the budget, not on
         * Extend).
         */
        public Line extend(ExtendCallTrace trace) {
            if (trace.lastStatus() > 0) {
                field("extendStatus", trace.lastStatus());
            }
            field("extendRequestId", trace.lastRequestId());
            field("rateLimitWaitMs", trace.rateLimitWaitMillis());
            attempts = trace.attempts();
            return this;
        }

        /** Ends the line at INFO; {@code outcome} says what succeeded, e.g. {@code cancelled}. */
        public void success(String outcome, String message) {
            write(Level.INFO, outcome, null, message);
        }

        /** Ends the line at WARN or ERROR; the outcome is the error's name. */
        public void failure(CancelError error) {
            write(level(error), error.errorName(), error.errorName(),
                    function + " failed with " + error.errorName() + ": " + error.getMessage());
        }

        private void write(Level level, String outcome, String errorName, String message) {
            long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
            LambdaInvocation invocation = LambdaInvocation.current();
            boolean coldStart = invocation != null && invocation.coldStart();
            String service = EmbeddedMetrics.serviceName();

            List<Object> line = new ArrayList<>();
            line.add(kv("function", function));
            line.addAll(fields);
            if (invocation != null && invocation.requestId() != null) {
                line.add(kv("lambdaRequestId", invocation.requestId()));
            }
            line.add(kv("outcome", outcome));
            if (errorName != null) {
                line.add(kv("error", errorName));
            }
            line.add(kv("attempts", attempts));
            line.add(kv("durationMs", durationMs));
            // Powertools' standard keys
            line.add(kv("service", service));
            line.add(kv("cold_start", coldStart));
            addEnvironment(line, "function_name", "AWS_LAMBDA_FUNCTION_NAME");
            addEnvironment(line, "function_version", "AWS_LAMBDA_FUNCTION_VERSION");
            String memory = System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
            if (memory != null && memory.chars().allMatch(Character::isDigit) && !memory.isEmpty()) {
                line.add(kv("function_memory_size", Integer.parseInt(memory)));
            }
            if (invocation != null) {
                if (invocation.functionArn() != null) {
                    line.add(kv("function_arn", invocation.functionArn()));
                }
                if (invocation.requestId() != null) {
                    line.add(kv("function_request_id", invocation.requestId()));
                }
                if (invocation.traceId() != null) {
                    line.add(kv("xray_trace_id", invocation.traceId()));
                }
            }
            // the metrics, named apart from the fields above so that CloudWatch shows readable names
            line.add(kv(EmbeddedMetrics.INVOCATIONS, 1));
            line.add(kv(EmbeddedMetrics.EXTEND_ATTEMPTS, attempts));
            line.add(kv(EmbeddedMetrics.DURATION, durationMs));
            line.add(kv(EmbeddedMetrics.COLD_START, coldStart ? 1 : 0));
            ownCounts.forEach((name, value) -> line.add(kv(name, value)));
            line.add(kv("_aws", EmbeddedMetrics.metadata(System.currentTimeMillis(), List.copyOf(ownCounts.keySet()))));
            // "{0}" is the message; the structured arguments that follow become the line's fields
            line.add(0, message);
            LOG.logv(level, "{0}", line.toArray());
        }

        private static void addEnvironment(List<Object> line, String key, String variable) {
            String value = System.getenv(variable);
            if (value != null && !value.isEmpty()) {
                line.add(kv(key, value));
            }
        }
    }
}
