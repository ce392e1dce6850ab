package dev.extendcancel.extend;

import java.util.Set;

import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * Extend's cancellable run kinds, each with its collection (the path segment, for messages), its cancel and its read in
 * {@link ExtendApi}, and, for the kinds Extend lists by what started them, its listing.
 */
public enum RunKind {
    PROCESSOR_RUN("processor_runs", ExtendApi::cancelProcessorRun, ExtendApi::getProcessorRun, Set.of(), null),
    WORKFLOW_RUN("workflow_runs", ExtendApi::cancelWorkflowRun, ExtendApi::getWorkflowRun, Set.of("workflowId", "batchId"),
            (api, filter, status, pageSize, pageToken, workspaceId) -> api.listWorkflowRuns(filter.valueFor("workflowId"),
                    filter.valueFor("batchId"), status, pageSize, pageToken, workspaceId)),
    EXTRACT_RUN("extract_runs", ExtendApi::cancelExtractRun, ExtendApi::getExtractRun, Set.of("extractorId"),
            (api, filter, status, pageSize, pageToken, workspaceId) -> api.listExtractRuns(filter.value(), status,
                    pageSize, pageToken, workspaceId)),
    CLASSIFY_RUN("classify_runs", ExtendApi::cancelClassifyRun, ExtendApi::getClassifyRun, Set.of("classifierId"),
            (api, filter, status, pageSize, pageToken, workspaceId) -> api.listClassifyRuns(filter.value(), status,
                    pageSize, pageToken, workspaceId)),
    SPLIT_RUN("split_runs", ExtendApi::cancelSplitRun, ExtendApi::getSplitRun, Set.of("splitterId"),
            (api, filter, status, pageSize, pageToken, workspaceId) -> api.listSplitRuns(filter.value(), status,
                    pageSize, pageToken, workspaceId)),
    PARSE_RUN("parse_runs", ExtendApi::cancelParseRun, ExtendApi::getParseRun, Set.of(), null);

    /** One of ExtendApi's per-run endpoints: the run's id, the workspace (null for none). */
    @FunctionalInterface
    public interface RunEndpoint {
        Uni<Response> call(ExtendApi api, String runId, String workspaceId);
    }

    /** One of ExtendApi's listings: one page of runs in {@code status}, filtered by {@code filter} (one it takes). */
    @FunctionalInterface
    public interface RunListing {
        Uni<Response> call(ExtendApi api, RunFilter filter, String status, Integer pageSize, String pageToken,
                String workspaceId);
    }

    private final String collection;
    private final RunEndpoint cancel;
    private final RunEndpoint get;
    /** The filters this kind's listing takes (Extend's query parameters); none when it is not listed. */
    private final Set<String> listFilters;
    private final RunListing list;

    RunKind(String collection, RunEndpoint cancel, RunEndpoint get, Set<String> listFilters, RunListing list) {
        this.collection = collection;
        this.cancel = cancel;
        this.get = get;
        this.listFilters = listFilters;
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

    /**
     * The kind's listing, filtered by {@code filter}. A filter the listing does not take is refused here, before any
     * call: sent without the filter it was asked for, a listing would list every run of the workspace.
     */
    public RunListing list(RunFilter filter) {
        if (!listFilters.contains(filter.parameter())) {
            throw new IllegalArgumentException("Extend's listing of " + collection + " takes "
                    + (listFilters.isEmpty() ? "no filter this project uses" : String.join(" or ", listFilters))
                    + ", not " + filter.parameter());
        }
        return list;
    }
}
