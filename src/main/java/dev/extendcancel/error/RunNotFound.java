package dev.extendcancel.error;

/** Extend knows no such run (or it belongs to another workspace). */
public final class RunNotFound extends CancelError {

    public RunNotFound(String message, String runId, ExtendFault fault) {
        super(message, runId, fault);
    }

    @Override
    public int httpStatus() {
        return 404;
    }

    @Override
    public String title() {
        return "Run not found";
    }
}
