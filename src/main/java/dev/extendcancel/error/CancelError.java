package dev.extendcancel.error;

import java.util.Optional;

/**
 * The errors this product reports. The simple class name is the contract's error name: Step Functions matches
 * {@code ErrorEquals} against the Lambda {@code errorType}, which is this class's fully qualified name, so these
 * classes must never be renamed or moved without changing the state machines too.
 *
 * <p>
 * Stackless on purpose: they are outcomes, not bugs, and a stack trace would only add noise to every failed
 * invocation's log line.
 */
public abstract sealed class CancelError extends RuntimeException
        permits InvalidRunRequest, WorkspaceNotAllowed, RunNotFound, RunNotCancellable, ExtendRejectedRequest,
        ExtendRateLimited, ExtendUnavailable, ExecutionNotFound, ExecutionHistoryUnavailable {

    private final String runId;
    private final ExtendFault fault;

    protected CancelError(String message, String runId, ExtendFault fault) {
        super(message, null, false, false);
        this.runId = runId;
        this.fault = fault;
    }

    /** The contract's error name, e.g. {@code RunNotFound}. */
    public String errorName() {
        return getClass().getSimpleName();
    }

    /** The HTTP status API Gateway callers get. */
    public abstract int httpStatus();

    /** A short human title for problem+json. */
    public abstract String title();

    public Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    /** What Extend answered, when this error comes from an answer of Extend's. */
    public Optional<ExtendFault> fault() {
        return Optional.ofNullable(fault);
    }
}
