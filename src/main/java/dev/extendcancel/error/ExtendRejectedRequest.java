package dev.extendcancel.error;

/** Extend refused for reasons of ours: bad key, no credits, forbidden, invalid request. Not retried. */
public final class ExtendRejectedRequest extends CancelError {

    public ExtendRejectedRequest(String message, String runId, ExtendFault fault) {
        super(message, runId, fault);
    }

    @Override
    public int httpStatus() {
        return 502;
    }

    @Override
    public String title() {
        return "Extend rejected the request";
    }
}
