package dev.extendcancel.events;

import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.extendcancel.error.InvalidRunRequest;

/**
 * A validated request to cancel one run. Ids are opaque to us (Extend may change its prefixes), so only their
 * alphabet and length are checked; that alone keeps path traversal, encoded slashes and header injection out.
 */
public record CancelRequest(String runId, Optional<String> workspaceId) {
    // runId is the id the function acts on: a batch id for cancelWorkflowBatch (RequestTarget.BATCH), a selector's
    // id (a workflow's, an extractor's...) for cancelRuns

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    /** Whether {@code value} has the alphabet and length of an id these functions act on (also one found elsewhere). */
    public static boolean isValidId(String value) {
        return ID.matcher(value).matches();
    }

    /**
     * @param id the id as it came in the event (must be a JSON string)
     * @param workspaceId the workspace the caller named, or null
     */
    static CancelRequest of(JsonNode id, String workspaceId, String source) {
        return of(id, workspaceId, source, RequestTarget.RUN);
    }

    /** The same rules for any id a function acts on: a run's, a batch's ({@link RequestTarget#noun()}). */
    static CancelRequest of(JsonNode id, String workspaceId, String source, RequestTarget target) {
        return of(id, workspaceId, source, target.noun());
    }

    /** The same rules for the id of anything else a function acts on, e.g. a workflow's (cancelRuns' selectors). */
    static CancelRequest of(JsonNode id, String workspaceId, String source, String noun) {
        String name = "The " + noun + " id";
        if (id == null || id.isMissingNode() || id.isNull()) {
            throw invalid(name + " is missing: expected " + source);
        }
        if (!id.isTextual()) {
            throw invalid(name + " must be a string, got a JSON " + id.getNodeType().name().toLowerCase() + " in "
                    + source);
        }
        String value = id.textValue();
        if (!isValidId(value)) {
            throw invalid(name + " in " + source + " must be 1 to 255 characters of A-Z, a-z, 0-9, '_' and '-'"
                    + " (got " + value.length() + " characters)");
        }
        if (workspaceId != null && !isValidId(workspaceId)) {
            throw new InvalidRunRequest("The workspace id must be 1 to 255 characters of A-Z, a-z, 0-9, '_' and '-'",
                    value, null);
        }
        return new CancelRequest(value, Optional.ofNullable(workspaceId));
    }

    static InvalidRunRequest invalid(String message) {
        return new InvalidRunRequest(message, null, null);
    }
}
