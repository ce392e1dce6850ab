package dev.extendcancel.extend.key;

/**
 * The key could not be read from its secret. The message names the secret id and what went wrong, never the value;
 * ExtendFaults turns it into a contract error: {@code ExtendUnavailable} when the extension was not reachable or
 * failed (a retry may succeed), {@code ExtendRejectedRequest} when it refused or the secret holds no key.
 */
public final class ApiKeyUnavailable extends RuntimeException {

    private final boolean retryable;

    ApiKeyUnavailable(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    /** Whether retrying later may succeed (the extension was down or Secrets Manager failed). */
    public boolean retryable() {
        return retryable;
    }
}
