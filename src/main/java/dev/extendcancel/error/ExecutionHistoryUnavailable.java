package dev.extendcancel.error;

/**
 * The execution's history could not be read: the function's role may not call {@code states:GetExecutionHistory}
 * on it, or Step Functions failed, throttled or did not answer after the SDK's retries. Nothing was cancelled;
 * retrying is safe (and, for the EventBridge trigger, automatic).
 */
public final class ExecutionHistoryUnavailable extends CancelError {

    private final boolean accessDenied;

    public ExecutionHistoryUnavailable(String message, boolean accessDenied) {
        super(message, null, null);
        this.accessDenied = accessDenied;
    }

    public boolean accessDenied() {
        return accessDenied;
    }

    @Override
    public int httpStatus() {
        return accessDenied ? 502 : 503;
    }

    @Override
    public String title() {
        return accessDenied ? "Execution history not readable" : "Step Functions unavailable";
    }
}
