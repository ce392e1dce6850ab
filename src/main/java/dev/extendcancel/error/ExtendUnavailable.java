package dev.extendcancel.error;

/**
 * Extend failed (5xx), did not answer in time, could not be reached, or gave an answer that cannot be read, after
 * the retries the deadline allowed. Safe for callers to retry: a cancel is idempotent.
 */
public final class ExtendUnavailable extends CancelError {

    private final boolean timedOut;

    public ExtendUnavailable(String message, String runId, ExtendFault fault, boolean timedOut) {
        super(message, runId, fault);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public int httpStatus() {
        return timedOut ? 504 : 503;
    }

    @Override
    public String title() {
        return timedOut ? "Extend timed out" : "Extend unavailable";
    }
}
