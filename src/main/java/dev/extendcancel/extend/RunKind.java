package dev.extendcancel.extend;

import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * Extend's cancellable run kinds, each with its collection (the path segment, for messages), its cancel and its read in
 * {@link ExtendApi}, and, for the kinds Extend lists by what started them, its listing.
 */
public enum RunKind {
    PROCESSOR_RUN("processor_runs", ExtendApi::cancelProcessorRun, ExtendApi::getProcessorRun, null),
    WORKFLOW_RUN("workflow_runs", ExtendApi::cancelWorkflowRun, ExtendApi::getWorkflowRun,
            (api, filter, status, pageSize, pageToken, workspaceId) -> {
                filter.requireOneOf("workflowId", "batchId");
                return api.listWorkflowRuns(filter.valueFor("workflowId"), filter.valueFor("batchId"), status, pageSize,
                        pageToken, workspaceId);
            }),
    EXTRACT_RUN("extract_runs", ExtendApi::cancelExtractRun, ExtendApi::getExtractRun,
            (api, filter, status, pageSize, pageToken, workspaceId) -> api.listExtractRuns(
                    filter.requireOneOf("extractorId").value(), status, pageSize, pageToken, workspaceId)),
    CLASSIFY_RUN("classify_runs", ExtendApi::cancelClassifyRun, ExtendApi::getClassifyRun,
            (api, filter, status, pageSize, pageToken, workspaceId) -> api.listClassifyRuns(
                    filter.requireOneOf("classifierId").value(), status, pageSize, pageToken, workspaceId)),
    SPLIT_RUN("split_runs", ExtendApi::cancelSplitRun, ExtendApi::getSplitRun,
            (api, filter, status, pageSize, pageToken, workspaceId) -> api.listSplitRuns(
                    filter.requireOneOf("splitterId").value(), status, pageSize, pageToken, workspaceId)),
    PARSE_RUN("parse_runs", ExtendApi::cancelParseRun, ExtendApi::getParseRun, null);

    /** One of ExtendApi's per-run endpoints: the run's id, the workspace (null for none). */
    @FunctionalInterface
    public interface RunEndpoint {
        Uni<Response> call(ExtendApi api, String runId, String workspaceId);
    }

    /** One of ExtendApi's listings: one page of runs in {@code status}, filtered by {@code filter}. */
    @FunctionalInterface
    public interface RunListing {
        Uni<Response> call(ExtendApi api, RunFilter filter, String status, Integer pageSize, String pageToken,
                String workspaceId);
    }

    private final String collection;
    private final RunEndpoint cancel;
    private final RunEndpoint get;
    private final RunListing list;

    RunKind(String collection, RunEndpoint cancel, RunEndpoint get, RunListing list) {
        this.collection = collection;
        this.cancel = cancel;
        this.get = get;
        this.list = list;
    }

    /** The kind's path segment in Extend's API, e.g. {@code workflow_runs}. */
    public String collection() {
        return collection;
    }

    public RunEndpoint cancel() {
        return cancel;
    }

    public RunEndpoint get() {
        return get;
    }

    /** The kind's listing; a kind that Extend does not list by what started it has none. */
    public RunListing list() {
        if (list == null) {
            throw new IllegalArgumentException("Extend's " + collection + " are not listed by this project");
        }
        return list;
    }
}
