package dev.extendcancel.extend;

import java.util.List;

/**
 * One of Extend's list filters, sent as a query parameter beside {@code status}: {@code batchId} or
 * {@code workflowId} on {@code GET /workflow_runs}, {@code extractorId} on {@code GET /extract_runs},
 * {@code classifierId} on {@code GET /classify_runs}, {@code splitterId} on {@code GET /split_runs}.
 */
public record RunFilter(String parameter, String value) {

    /** The value when this filter is {@code name}, else null (the listing leaves that query parameter out). */
    String valueFor(String name) {
        return parameter.equals(name) ? value : null;
    }

    /**
     * This filter, when a listing takes it; otherwise a refusal: a listing sent without the filter it was asked for
     * would list every run of the workspace.
     */
    RunFilter requireOneOf(String... names) {
        if (!List.of(names).contains(parameter)) {
            throw new IllegalArgumentException("Extend's listing takes " + String.join(" or ", names) + ", not " + parameter);
        }
        return this;
    }
}
