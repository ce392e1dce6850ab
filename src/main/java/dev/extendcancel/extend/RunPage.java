package dev.extendcancel.extend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One page of a run listing, {@code {"object": "list", "data": [{"id", "status", ...}], "nextPageToken": "..."}},
 * reduced to what a drain needs. A page that does not have this shape, or an item without a string id and status,
 * makes the whole page unreadable (retried, then ExtendUnavailable): acting on half a page could report a selector
 * done while runs are still in flight.
 */
public record RunPage(List<ListedRun> runs, String nextPageToken) {

    /**
     * Where each of Extend's list filters ({@link RunFilter#parameter()}) shows in a run summary of API version
     * 2026-02-09 (Extend's API reference and its SDKs' WorkflowRunSummary, ExtractRunSummary, ClassifyRunSummary,
     * SplitRunSummary): {@code workflow.id}, {@code extractor.id}, {@code classifier.id}, {@code splitter.id} and
     * {@code batchId}. A processor run made with an inline config has no extractor (classifier, splitter) at all.
     */
    static final Map<String, JsonPointer> FILTERED_FIELDS = Map.of(
            "batchId", JsonPointer.compile("/batchId"),
            "workflowId", JsonPointer.compile("/workflow/id"),
            "extractorId", JsonPointer.compile("/extractor/id"),
            "classifierId", JsonPointer.compile("/classifier/id"),
            "splitterId", JsonPointer.compile("/splitter/id"));

    /**
     * One listed run: its id, its status (upper case) and, by list filter parameter, what its summary says about the
     * filters (e.g. {@code workflowId} from {@code workflow.id}); a filter whose field the summary lacks is absent.
     */
    public record ListedRun(String id, String status, Map<String, String> filteredFields) {

        public ListedRun {
            filteredFields = Map.copyOf(filteredFields);
        }

        /** The value this run's summary has for one of Extend's list filters, e.g. its workflow's id for workflowId. */
        public Optional<String> valueOf(String filterParameter) {
            return Optional.ofNullable(filteredFields.get(filterParameter));
        }

        /** Whether the run's summary says it is one of those {@code filter} selects. */
        public boolean matches(RunFilter filter) {
            return valueOf(filter.parameter()).filter(filter.value()::equals).isPresent();
        }

        /** The batch the summary names; null when it names none. */
        public String batchId() {
            return filteredFields.get("batchId");
        }
    }

    /** 1,000 run summaries are far below this; anything larger is not a page Extend sent. */
    static final int MAX_PAGE_BYTES = 32 * 1024 * 1024;

    public Optional<String> next() {
        return Optional.ofNullable(nextPageToken).filter(token -> !token.isBlank());
    }

    static Optional<RunPage> parse(byte[] body) {
        JsonNode node = AnswerJson.read(body, MAX_PAGE_BYTES).orElse(null);
        if (node == null || !node.path("data").isArray()) {
            return Optional.empty();
        }
        List<ListedRun> runs = new ArrayList<>(node.get("data").size());
        for (JsonNode item : node.get("data")) {
            if (!item.path("id").isTextual() || !item.path("status").isTextual()) {
                return Optional.empty();
            }
            Map<String, String> filtered = new LinkedHashMap<>();
            FILTERED_FIELDS.forEach((parameter, field) -> {
                JsonNode value = item.at(field);
                if (value.isTextual()) {
                    filtered.put(parameter, value.textValue());
                }
            });
            runs.add(new ListedRun(item.get("id").textValue(),
                    item.get("status").textValue().toUpperCase(Locale.ROOT), filtered));
        }
        JsonNode token = node.path("nextPageToken");
        return Optional.of(new RunPage(List.copyOf(runs), token.isTextual() ? token.textValue() : null));
    }
}
