package dev.extendcancel.error;

/** A bad or missing run id, or an event of no known shape. Extend is not called. */
public final class InvalidRunRequest extends CancelError {

    public InvalidRunRequest(String message, String runId, ExtendFault fault) {
        super(message, runId, fault);
    }

    @Override
    public int httpStatus() {
        return 400;
    }

    @Override
    public String title() {
        return "Invalid run request";
    }
}
