package dev.extendcancel.extend;

/**
 * What the calls of one invocation did, for its log line: attempts made, Extend's last status and request id, and how
 * long they waited in all for a turn under EXTEND_MAX_REQUESTS_PER_SECOND.
 */
public final class ExtendCallTrace {

    private int attempts;
    private long rateLimitWaitNanos;
    private int lastStatus;
    private String lastRequestId;

    void attempted() {
        attempts++;
    }

    void waitedForTurn(long nanos) {
        rateLimitWaitNanos += Math.max(0, nanos);
    }

    void answered(ExtendAnswer answer) {
        lastStatus = answer.status();
        String requestId = answer.requestId();
        if (requestId != null) {
            lastRequestId = requestId;
        }
    }

    /** The time the calls spent waiting for their turn under the client-side limit, in all. */
    public long rateLimitWaitMillis() {
        return rateLimitWaitNanos / 1_000_000;
    }

    public int attempts() {
        return attempts;
    }

    /** Extend's last HTTP status, 0 when it never answered. */
    public int lastStatus() {
        return lastStatus;
    }

    public String lastRequestId() {
        return lastRequestId;
    }
}
