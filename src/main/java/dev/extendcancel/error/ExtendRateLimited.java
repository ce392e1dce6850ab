package dev.extendcancel.error;

import java.time.Duration;

/** Extend still answered 429 after the retries the deadline allowed. Callers should retry after {@link #retryAfter()}. */
public final class ExtendRateLimited extends CancelError {

    private final Duration retryAfter;

    public ExtendRateLimited(String message, String runId, ExtendFault fault, Duration retryAfter) {
        super(message, runId, fault);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public int httpStatus() {
        return 429;
    }

    @Override
    public String title() {
        return "Extend rate limited";
    }
}
