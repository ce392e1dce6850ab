package dev.extendcancel.executions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.extendcancel.events.CancelRequest;
import dev.extendcancel.extend.RunKind;

/**
 * Finds the Extend runs and batches an execution started, in its data (its input, every state's input and output,
 * every task's output). A run is any JSON object, at any depth, whose {@code object} names a run kind and whose
 * {@code id} is a run id; that covers the bare runs of API 2026-02-09, the legacy {@code {"success": true,
 * "workflowRun": {...}}} envelopes, a Lambda task's {@code Payload} and an HTTP task's {@code ResponseBody}. Step
 * Functions often carries JSON inside JSON strings (a Lambda's string result, an HTTP body, even a string of a
 * string), so strings that look like JSON are read too.
 * A batch is an object with a string {@code batchId} and no {@code object}: the answer of Batch Run Workflow.
 *
 * <p>
 * Seeing a run is not proof that the execution started it: a monitoring step lists other pipelines' runs, a status
 * check reads another's run by id. So each run id's sightings are weighed together:
 * <ul>
 * <li>a run whose {@code metadata.stepFunctionsExecutionArn} names another execution is never a candidate
 * ({@code otherExecution}, or {@code listed} when it was only ever seen in a listing);
 * <li>one that names this execution is, wherever it was seen (the tag is the pipeline's own word);
 * <li>an untagged run is one only when it was seen outside an Extend list answer ({@code {"object": "list"}}, any
 * depth, inside JSON strings too): a creation or read answer counts, a listing never does ({@code listed}); in
 * strict mode (EXTEND_CLEANUP_OWNED_ONLY) untagged runs are not candidates at all ({@code notOwned}).
 * </ul>
 * A run nested in another run object (a legacy workflow run's {@code outputs}) without a tag of its own takes the
 * enclosing run's. Batches inside a list answer do not count; elsewhere they do, as before (their create answer
 * carries no metadata).
 */
final class RunDiscovery {

    /** The metadata key pipelines set to this execution's ARN ({@code $$.Execution.Id}) when they create a run. */
    static final String OWNER_KEY = "stepFunctionsExecutionArn";

    /** Why a run that was seen is left alone, as the answer names it. */
    enum Skip {
        LISTED("listed"), OTHER_EXECUTION("otherExecution"), NOT_OWNED("notOwned");

        final String reason;

        Skip(String reason) {
            this.reason = reason;
        }
    }

    record SkippedRun(String runId, Skip skip) {
    }

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
    private final String executionArn;
    private final boolean ownedOnly;
    private final Map<String, Sightings> seen = new LinkedHashMap<>();
    private final Set<String> batches = new LinkedHashSet<>();

    /** Everything the history said about one run id. */
    private static final class Sightings {
        final RunKind kind;
        boolean outsideListing;
        boolean taggedThis;
        boolean taggedOther;

        Sightings(RunKind kind) {
            this.kind = kind;
        }
    }

    /**
     * @param executionArn the execution being cleaned up, compared with each run's owner tag
     * @param ownedOnly    strict mode: only runs tagged with this execution are candidates
     */
    RunDiscovery(ObjectMapper json, String executionArn, boolean ownedOnly) {
        this.json = json;
        this.executionArn = executionArn;
        this.ownedOnly = ownedOnly;
    }

    /** Reads one document of execution data (a JSON text, as the history holds it); anything else is ignored. */
    void scan(String document) {
        scanText(document, 0, false, null);
    }

    /** The runs to cancel: each distinct run id once, in the order first seen, with its kind. */
    Map<String, RunKind> runs() {
        Map<String, RunKind> runs = new LinkedHashMap<>();
        seen.forEach((id, run) -> {
            if (skip(run) == null) {
                runs.put(id, run.kind);
            }
        });
        return runs;
    }

    /** The runs seen but left alone, each distinct run id once, in the order first seen. */
    List<SkippedRun> skipped() {
        List<SkippedRun> skipped = new ArrayList<>();
        seen.forEach((id, run) -> {
            Skip skip = skip(run);
            if (skip != null) {
                skipped.add(new SkippedRun(id, skip));
            }
        });
        return skipped;
    }

    /** Each distinct batch id seen outside a list answer once, in the order first seen. */
    Set<String> batches() {
        return batches;
    }

    /** Null when the run is a candidate. */
    private Skip skip(Sightings run) {
        if (run.taggedOther) {
            // never another pipeline's, even if this execution's tag was seen too: a stop must not reach another
            return run.outsideListing ? Skip.OTHER_EXECUTION : Skip.LISTED;
        }
        if (run.taggedThis) {
            return null;
        }
        if (!run.outsideListing) {
            return Skip.LISTED;
        }
        return ownedOnly ? Skip.NOT_OWNED : null;
    }

    private void scanText(String text, int nesting, boolean inListing, String owner) {
        if (text == null || nesting > MAX_STRING_NESTING || !looksLikeJson(text)) {
            return;
        }
        try {
            walk(json.readTree(text), nesting, inListing, owner);
        } catch (JacksonException notJson) {
            // execution data is whatever the states produced; a string that only looks like JSON is just a string
        }
    }

    /**
     * @param inListing inside an Extend list answer
     * @param owner     the owner tag of the nearest enclosing run object, null if none
     */
    private void walk(JsonNode node, int nesting, boolean inListing, String owner) {
        if (node.isObject()) {
            JsonNode object = node.get("object");
            String kind = object != null && object.isTextual() ? object.textValue() : null;
            boolean listing = inListing || "list".equals(kind);
            String childOwner = owner;
            // ids in the alphabet the cancel functions accept: anything else is not an id Extend gave out
            JsonNode id = node.get("id");
            if (kind != null && KINDS.containsKey(kind) && id != null && id.isTextual()
                    && CancelRequest.isValidId(id.textValue())) {
                String tag = ownerTag(node);
                childOwner = tag != null ? tag : owner;
                record(id.textValue(), KINDS.get(kind), listing, childOwner);
            }
            JsonNode batchId = node.get("batchId");
            if (object == null && !listing && batchId != null && batchId.isTextual()
                    && CancelRequest.isValidId(batchId.textValue())) {
                batches.add(batchId.textValue());
            }
            for (JsonNode child : node) {
                walk(child, nesting, listing, childOwner);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                walk(child, nesting, inListing, owner);
            }
        } else if (node.isTextual()) {
            scanText(node.textValue(), nesting + 1, inListing, owner);
        }
    }

    private void record(String runId, RunKind kind, boolean inListing, String owner) {
        Sightings run = seen.computeIfAbsent(runId, unused -> new Sightings(kind));
        if (!inListing) {
            run.outsideListing = true;
        }
        if (owner != null) {
            if (owner.equals(executionArn)) {
                run.taggedThis = true;
            } else {
                run.taggedOther = true;
            }
        }
    }

    /** {@code metadata.stepFunctionsExecutionArn} when it is a non-blank string; anything else is no tag. */
    private static String ownerTag(JsonNode run) {
        JsonNode tag = run.path("metadata").path(OWNER_KEY);
        return tag.isTextual() && !tag.textValue().isBlank() ? tag.textValue().strip() : null;
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
