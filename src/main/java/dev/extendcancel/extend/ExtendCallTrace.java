package dev.extendcancel.extend;

/** What the calls of one invocation did, for its log line: attempts made, Extend's last status and request id. */
public final class ExtendCallTrace {

    private int attempts;
    private int lastStatus;
    private String lastRequestId;

    void attempted() {
        attempts++;
    }

    void answered(ExtendAnswer answer) {
        lastStatus = answer.status();
        String requestId = answer.requestId();
        if (requestId != null) {
            lastRequestId = requestId;
        }
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
