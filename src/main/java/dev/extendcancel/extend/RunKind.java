package dev.extendcancel.extend;

/** Extend's cancellable run collections, by their path segment in Extend's API. */
public enum RunKind {
    PROCESSOR_RUN("processor_runs"),
    WORKFLOW_RUN("workflow_runs"),
    EXTRACT_RUN("extract_runs"),
    CLASSIFY_RUN("classify_runs"),
    SPLIT_RUN("split_runs"),
    PARSE_RUN("parse_runs");

    private final String collection;

    RunKind(String collection) {
        this.collection = collection;
    }

    public String collection() {
        return collection;
    }
}
