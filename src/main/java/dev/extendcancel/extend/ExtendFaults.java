package dev.extendcancel.extend;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.extendcancel.config.ExtendConfig;
import dev.extendcancel.error.CancelError;
import dev.extendcancel.error.ExtendFault;
import dev.extendcancel.error.ExtendRateLimited;
import dev.extendcancel.error.ExtendRejectedRequest;
import dev.extendcancel.error.ExtendUnavailable;
import dev.extendcancel.error.RunNotCancellable;
import dev.extendcancel.error.RunNotFound;
import dev.extendcancel.extend.key.ApiKeySource;
import dev.extendcancel.extend.key.ApiKeyUnavailable;

/**
 * The one place where what Extend answered becomes one of the contract's errors. Extend's own messages are kept
 * (they say what is wrong), but anything that looks like our key is cut out first: an upstream that echoes the
 * Authorization header must not leak it into an error.
 */
@ApplicationScoped
public class ExtendFaults {

    private final ApiKeySource keys;

    @Inject
    public ExtendFaults(ApiKeySource keys) {
        this.keys = keys;
    }

    /** Outside CDI (unit tests): redacts EXTEND_API_KEY. */
    public ExtendFaults(ExtendConfig config) {
        this(new ApiKeySource(config, ApiKeySource.EXTENSION_DEFAULT_PORT, Optional.empty()));
    }

    /** The key could not be read from its secret: Extend was not called. */
    public CancelError keyUnavailable(ApiKeyUnavailable unavailable, String what, String runId) {
        // before the first call nothing reached Extend; after a 401 the re-read failed and the call was not repeated
        String message = unavailable.getMessage() + "; the " + what + " did not go through";
        return unavailable.retryable() ? new ExtendUnavailable(message, runId, null, false)
                : new ExtendRejectedRequest(message, runId, null);
    }

    /** A 4xx refusal that retrying cannot change. */
    public CancelError refused(ExtendAnswer answer, String action, String runId) {
        ExtendFault fault = fault(answer, 1);
        if (answer.status() == 404 || answer.status() == 410) {
            return new RunNotFound("Run " + runId + " was not found: " + fault.describe(), runId, fault);
        }
        return new ExtendRejectedRequest("Extend rejected the " + action + " of run " + runId + ": " + fault.describe(),
                runId, fault);
    }

    /** The run finished before it could be cancelled. */
    public RunNotCancellable notCancellable(String runId, String status, ExtendAnswer refusal) {
        ExtendFault fault = refusal == null ? null : fault(refusal, 1);
        String because = fault == null ? "" : " (" + fault.describe() + ")";
        return new RunNotCancellable("Run " + runId + " cannot be cancelled: it already finished with status " + status
                + because, runId, fault);
    }

    /** Extend accepted the cancel but the run does not show it yet; retrying the cancel is safe. */
    public ExtendUnavailable notConfirmed(String runId, String status) {
        ExtendFault fault = new ExtendFault(200, null, null, null, 1);
        return new ExtendUnavailable("Extend accepted the cancel of run " + runId
                + " but the run is still " + status + "; retry to confirm", runId, fault, false);
    }

    /** A listing refused for good (e.g. a bad key): the whole batch invocation fails with it. */
    public CancelError listingRefused(ExtendAnswer answer, String subject) {
        ExtendFault fault = fault(answer, 1);
        return new ExtendRejectedRequest("Extend rejected the " + subject + ": " + fault.describe(), null, fault);
    }

    /** The last failure once no further attempt is allowed. */
    CancelError exhausted(Throwable last, ExtendClient.Subject subject, int attempts, Duration suggestedWait) {
        String runId = subject.runId();
        if (last instanceof RetryableAnswer retryable) {
            ExtendAnswer answer = retryable.answer();
            ExtendFault fault = fault(answer, attempts);
            if (answer.status() == 429) {
                Duration wait = answer.retryAfter().orElse(suggestedWait);
                return new ExtendRateLimited("Extend rate-limited the " + subject.description() + "; retry after "
                        + Math.max(1, wait.toSeconds()) + " s: " + fault.describe(), runId, fault, wait);
            }
            String what = answer.isSuccess() ? "gave an answer that is not " + subject.expected() : "failed";
            return new ExtendUnavailable("Extend " + what + " on the " + subject.description() + ": "
                    + fault.describe(), runId, fault, false);
        }
        boolean timedOut = last instanceof TimeoutException;
        ExtendFault fault = new ExtendFault(0, null, null, redact(describe(last)), attempts);
        String what = timedOut ? "did not answer in time" : "could not be reached";
        return new ExtendUnavailable("Extend " + what + " on the " + subject.description() + ": "
                + fault.describe(), runId, fault, timedOut);
    }

    private ExtendFault fault(ExtendAnswer answer, int attempts) {
        ExtendErrorBody error = answer.error();
        return new ExtendFault(answer.status(), error.code(), error.requestId(), redact(error.message()), attempts);
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    private String redact(String text) {
        if (text == null) {
            return text;
        }
        return keys.redact(text);
    }
}
