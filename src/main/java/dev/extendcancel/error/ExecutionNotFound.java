package dev.extendcancel.error;

/**
 * Step Functions knows no such execution (ExecutionDoesNotExist): a wrong ARN, another account or region, or an
 * execution older than Step Functions keeps (90 days after it closed). Retrying does not help.
 */
public final class ExecutionNotFound extends CancelError {

    public ExecutionNotFound(String message) {
        super(message, null, null);
    }

    @Override
    public int httpStatus() {
        return 404;
    }

    @Override
    public String title() {
        return "Execution not found";
    }
}
