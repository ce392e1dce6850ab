package dev.extendcancel.lambda;

import java.util.concurrent.atomic.AtomicBoolean;

import org.crac.Core;
import org.crac.Resource;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * The invocation a function is serving, as AWS Lambda Powertools' standard log keys describe it: whether it is the
 * process's cold start, its request id and function ARN, and its X-Ray trace id. Set where every invocation
 * enters (FunqyLambdaBinding), read by the log line, so that any function's line gets these keys.
 *
 * <p>
 * Lambda runs one invocation at a time per process, so one current value is enough. {@code cold_start} is true on
 * the first invocation of a process, and again on the first invocation after a SnapStart restore (CRaC's
 * afterRestore), which is a cold start too even though the process was initialised before the snapshot.
 */
public record LambdaInvocation(boolean coldStart, String requestId, String functionArn, String traceId) {

    /** Both the java21 runtime client and Quarkus's poll loop put Lambda-Runtime-Trace-Id here for each invocation. */
    static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

    private static final AtomicBoolean COLD = new AtomicBoolean(true);
    private static volatile LambdaInvocation current;

    /** Kept in a field: CRaC holds registered resources weakly. */
    private static final Resource RESTORED = new Resource() {
        @Override
        public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
            current = null;
        }

        @Override
        public void afterRestore(org.crac.Context<? extends Resource> context) {
            COLD.set(true);
        }
    };

    static {
        Core.getGlobalContext().register(RESTORED);
    }

    /** Called once per invocation, before the function runs. */
    static LambdaInvocation begin(Context context) {
        LambdaInvocation invocation = new LambdaInvocation(COLD.getAndSet(false),
                context == null ? null : context.getAwsRequestId(),
                context == null ? null : context.getInvokedFunctionArn(),
                traceRoot(traceHeader()));
        current = invocation;
        return invocation;
    }

    /** The invocation being served, or null outside Lambda (unit tests). */
    public static LambdaInvocation current() {
        return current;
    }

    private static String traceHeader() {
        String header = System.getProperty(TRACE_HEADER_PROPERTY);
        return header != null ? header : System.getenv("_X_AMZN_TRACE_ID");
    }

    /** {@code Root=1-5e9f0c65-...;Parent=...;Sampled=1} gives {@code 1-5e9f0c65-...}, as Powertools logs it. */
    static String traceRoot(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String field = part.strip();
            if (field.startsWith("Root=")) {
                return field.substring("Root=".length());
            }
        }
        return null;
    }
}
