package dev.extendcancel.error;

/** The run had already finished in a state other than cancelled; the message names that status. */
public final class RunNotCancellable extends CancelError {

    public RunNotCancellable(String message, String runId, ExtendFault fault) {
        super(message, runId, fault);
    }

    @Override
    public int httpStatus() {
        return 409;
    }

    @Override
    public String title() {
        return "Run not cancellable";
    }
}
