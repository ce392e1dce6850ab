package dev.extendcancel.extend;

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
}
