package dev.extendcancel.extend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One page of a run listing, {@code {"object": "list", "data": [{"id", "status", ...}], "nextPageToken": "..."}},
 * reduced to what a batch cancel needs. A page that does not have this shape, or an item without a string id and
 * status, makes the whole page unreadable (retried, then ExtendUnavailable): acting on half a page could report a
 * batch done while runs are still in flight.
 */
public record RunPage(List<ListedRun> runs, String nextPageToken) {

    /** One listed run; {@code batchId} is null when Extend did not include it. */
    public record ListedRun(String id, String status, String batchId) {
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
            JsonNode batchId = item.path("batchId");
            runs.add(new ListedRun(item.get("id").textValue(),
                    item.get("status").textValue().toUpperCase(Locale.ROOT),
                    batchId.isTextual() ? batchId.textValue() : null));
        }
        JsonNode token = node.path("nextPageToken");
        return Optional.of(new RunPage(List.copyOf(runs), token.isTextual() ? token.textValue() : null));
    }
}
