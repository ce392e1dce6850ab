package dev.extendcancel.cancel;

import dev.extendcancel.error.CancelError;

/** One run that could not be cancelled, as the batch and execution answers list it: {@code {runId, error, message}}. */
public record RunFailure(String runId, String error, String message) {

    public static RunFailure of(String runId, CancelError error) {
        return new RunFailure(runId, error.errorName(), error.getMessage());
    }
}
