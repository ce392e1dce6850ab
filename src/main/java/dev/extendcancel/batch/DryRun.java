package dev.extendcancel.batch;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.events.RunSelector;

/**
 * What a cancelRuns dry run found: the selected runs in flight by status, the first of their ids, and whether every
 * page was listed ({@code complete}; false when the deadline came first, and the counts are then a lower bound).
 */
public record DryRun(RunSelector selector, Map<String, Long> inFlight, List<String> runIds, boolean complete) {

    public ObjectNode toJson() {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("selector", selector.toJson());
        answer.put("dryRun", true);
        ObjectNode counts = answer.putObject("inFlight");
        inFlight.forEach(counts::put);
        runIds.forEach(answer.putArray("runIds")::add);
        return answer.put("complete", complete);
    }

    public long total() {
        return inFlight.values().stream().mapToLong(Long::longValue).sum();
    }
}
