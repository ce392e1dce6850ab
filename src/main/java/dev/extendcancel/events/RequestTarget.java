package dev.extendcancel.events;

/**
 * What a function's id names, and where a direct invocation carries it: {@code {"id"}} for a run,
 * {@code {"batchId"}} for a batch. Over HTTP both come from the path parameter {@code {id}}.
 */
public enum RequestTarget {
    RUN("id", "run"),
    BATCH("batchId", "batch");

    private final String directField;
    private final String noun;

    RequestTarget(String directField, String noun) {
        this.directField = directField;
        this.noun = noun;
    }

    public String directField() {
        return directField;
    }

    public String noun() {
        return noun;
    }
}
