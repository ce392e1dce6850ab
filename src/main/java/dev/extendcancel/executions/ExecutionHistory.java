package dev.extendcancel.executions;

/**
 * What the history said about the execution itself: its status as of its last event (ABORTED, TIMED_OUT, FAILED,
 * SUCCEEDED, or RUNNING when it has not closed), and how many events and pages were read. The execution data went
 * to the caller's consumer page by page and is not kept.
 */
record ExecutionHistory(String status, int events, int pages) {
}
