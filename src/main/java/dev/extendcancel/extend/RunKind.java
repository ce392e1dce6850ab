package dev.extendcancel.extend;

import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** Extend's cancellable run kinds, each with its cancel and its read in {@link ExtendApi}. */
public enum RunKind {
    PROCESSOR_RUN(ExtendApi::cancelProcessorRun, ExtendApi::getProcessorRun),
    WORKFLOW_RUN(ExtendApi::cancelWorkflowRun, ExtendApi::getWorkflowRun),
    EXTRACT_RUN(ExtendApi::cancelExtractRun, ExtendApi::getExtractRun),
    CLASSIFY_RUN(ExtendApi::cancelClassifyRun, ExtendApi::getClassifyRun),
    SPLIT_RUN(ExtendApi::cancelSplitRun, ExtendApi::getSplitRun),
    PARSE_RUN(ExtendApi::cancelParseRun, ExtendApi::getParseRun);

    /** One of ExtendApi's per-run endpoints: the run's id, the workspace (null for none). */
    @FunctionalInterface
    public interface RunEndpoint {
        Uni<Response> call(ExtendApi api, String runId, String workspaceId);
    }

    private final RunEndpoint cancel;
    private final RunEndpoint get;

    RunKind(RunEndpoint cancel, RunEndpoint get) {
        this.cancel = cancel;
        this.get = get;
    }

    public RunEndpoint cancel() {
        return cancel;
    }

    public RunEndpoint get() {
        return get;
    }
}
