package dev.extendcancel.executions;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.extendcancel.error.InvalidRunRequest;

/**
 * Which execution to clean up: from EventBridge's "Step Functions Execution Status Change" event
 * ({@code detail.executionArn}, {@code detail.status}), or from a direct {@code {"executionArn": "..."}} for a re-run
 * by hand (status then comes from the history). Only the ARN's shape is checked; Step Functions says whether it
 * exists.
 */
record ExecutionRequest(String executionArn, String eventStatus) {

    static final String DETAIL_TYPE = "Step Functions Execution Status Change";

    /** arn:partition:states:region:account:execution:stateMachine:name (Map Run children have a '/' in it). */
    private static final Pattern EXECUTION_ARN = Pattern
            .compile("arn:aws[a-z-]*:states:[a-z0-9-]+:[0-9]{12}:execution:[^\\s:]+:[^\\s]+");
    private static final int MAX_ARN_LENGTH = 256;

    static ExecutionRequest of(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw invalid("The event must be a JSON object: EventBridge's \"" + DETAIL_TYPE + "\" event or"
                    + " {\"executionArn\": \"arn:aws:states:...\"}");
        }
        if (event.has("detail-type") || event.has("detail")) {
            String detailType = event.path("detail-type").asText("");
            if (!"aws.states".equals(event.path("source").asText()) || !DETAIL_TYPE.equals(detailType)) {
                throw invalid("The EventBridge event is not a \"" + DETAIL_TYPE + "\" event from aws.states (got \""
                        + shorten(detailType) + "\")");
            }
            JsonNode detail = event.path("detail");
            JsonNode status = detail.path("status");
            return new ExecutionRequest(arn(detail.get("executionArn"), "detail.executionArn"),
                    status.isTextual() ? status.textValue() : null);
        }
        return new ExecutionRequest(arn(event.get("executionArn"), "executionArn"), null);
    }

    private static String arn(JsonNode value, String field) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw invalid("The execution ARN is missing: expected the field \"" + field + "\"");
        }
        if (!value.isTextual()) {
            throw invalid("\"" + field + "\" must be a string");
        }
        String arn = value.textValue();
        if (arn.length() > MAX_ARN_LENGTH || !EXECUTION_ARN.matcher(arn).matches()) {
            throw invalid("\"" + field + "\" is not a Step Functions execution ARN"
                    + " (arn:aws:states:<region>:<account>:execution:<state machine>:<name>, at most 256 characters)");
        }
        return arn;
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static InvalidRunRequest invalid(String message) {
        return new InvalidRunRequest(message, null, null);
    }
}
