package dev.extendcancel.extend;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a run from a successful answer. The run is kept as a JSON tree, so every field Extend sent passes through,
 * also the ones this code does not know, with numbers exactly as written. The legacy
 * {@code {"success": true, "processorRun"|"workflowRun": {...}}} envelope is unwrapped.
 */
final class RunEnvelope {

    private static final String[] LEGACY_ENVELOPES = { "processorRun", "workflowRun" };
    /** Bigger than any run object; near Lambda's 6 MB response limit, so it could not be passed through anyway. */
    static final int MAX_RUN_BYTES = 5 * 1024 * 1024;

    private RunEnvelope() {
    }

    /** The run, or empty when the body is not a readable run object for {@code runId}, or too large to be one. */
    static Optional<ObjectNode> unwrap(byte[] body, String runId) {
        JsonNode node = AnswerJson.read(body, MAX_RUN_BYTES).orElse(null);
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        for (String envelope : LEGACY_ENVELOPES) {
            if (node.path(envelope).isObject()) {
                node = node.get(envelope);
                break;
            }
        }
        boolean isRun = node.path("object").isTextual() && node.path("status").isTextual()
                && runId.equals(node.path("id").asText(null));
        return isRun ? Optional.of((ObjectNode) node) : Optional.empty();
    }
}
