package dev.extendcancel.executions;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.extendcancel.events.CancelRequest;
import dev.extendcancel.extend.RunKind;

/**
 * Finds the Extend runs and batches in an execution's data (its input, every state's input and output, every task's
 * output). A run is any JSON object, at any depth, whose {@code object} names a run kind and whose {@code id} is a
 * run id; that covers the bare runs of API 2026-02-09, the legacy {@code {"success": true, "workflowRun": {...}}}
 * envelopes, a Lambda task's {@code Payload} and an HTTP task's {@code ResponseBody}. Step Functions often carries
 * JSON inside JSON strings (a Lambda's string result, an HTTP body, even a string of a string), so strings that look
 * like JSON are read too.
 * A batch is an object with a string {@code batchId} and no {@code object}: the answer of Batch Run Workflow.
 */
final class RunDiscovery {

    private static final Map<String, RunKind> KINDS = Map.of(
            "workflow_run", RunKind.WORKFLOW_RUN,
            "extract_run", RunKind.EXTRACT_RUN,
            "classify_run", RunKind.CLASSIFY_RUN,
            "split_run", RunKind.SPLIT_RUN,
            "parse_run", RunKind.PARSE_RUN,
            "document_processor_run", RunKind.PROCESSOR_RUN);

    /** Guards against a pathological document: JSON in a string in a string ... is read this deep, no deeper. */
    private static final int MAX_STRING_NESTING = 8;

    private final ObjectMapper json;
    private final Map<String, RunKind> runs = new LinkedHashMap<>();
    private final Set<String> batches = new LinkedHashSet<>();

    RunDiscovery(ObjectMapper json) {
        this.json = json;
    }

    /** Reads one document of execution data (a JSON text, as the history holds it); anything else is ignored. */
    void scan(String document) {
        scanText(document, 0);
    }

    /** Each distinct run id once, in the order first seen, with its kind. */
    Map<String, RunKind> runs() {
        return runs;
    }

    /** Each distinct batch id once, in the order first seen. */
    Set<String> batches() {
        return batches;
    }

    private void scanText(String text, int nesting) {
        if (text == null || nesting > MAX_STRING_NESTING || !looksLikeJson(text)) {
            return;
        }
        try {
            walk(json.readTree(text), nesting);
        } catch (JacksonException notJson) {
            // execution data is whatever the states produced; a string that only looks like JSON is just a string
        }
    }

    private void walk(JsonNode node, int nesting) {
        if (node.isObject()) {
            // ids in the alphabet the cancel functions accept: anything else is not an id Extend gave out
            JsonNode object = node.get("object");
            JsonNode id = node.get("id");
            if (object != null && object.isTextual() && KINDS.containsKey(object.textValue()) && id != null
                    && id.isTextual() && CancelRequest.isValidId(id.textValue())) {
                runs.putIfAbsent(id.textValue(), KINDS.get(object.textValue()));
            }
            JsonNode batchId = node.get("batchId");
            if (object == null && batchId != null && batchId.isTextual() && CancelRequest.isValidId(batchId.textValue())) {
                batches.add(batchId.textValue());
            }
            node.forEach(child -> walk(child, nesting));
        } else if (node.isArray()) {
            node.forEach(child -> walk(child, nesting));
        } else if (node.isTextual()) {
            scanText(node.textValue(), nesting + 1);
        }
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[' || c == '"';
            }
        }
        return false;
    }
}
