package dev.extendcancel.executions;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.extendcancel.error.InvalidRunRequest;

/**
 * One record of an SQS event as Lambda's event source mapping delivers it ({@code {"Records": [{"messageId",
 * "receiptHandle", "body", "attributes": {"ApproximateReceiveCount", ...}, "eventSource": "aws:sqs", ...}]}}): its
 * id (what {@code batchItemFailures} names), how often SQS has handed it out, and its body, which should be what the
 * EventBridge rule sent: a "Step Functions Execution Status Change" event, or {@code {"executionArn"}} sent by hand.
 */
record QueueMessage(String messageId, int receiveCount, String body) {

    /** Whether the event is an SQS event (a {@code Records} array), not one of the single-execution shapes. */
    static boolean isQueueEvent(JsonNode event) {
        return event != null && event.isObject() && event.path("Records").isArray();
    }

    /**
     * Every record. A record that is no SQS message (no {@code messageId}, another event source) makes the whole
     * event invalid: without its id it cannot be reported for redelivery, so the invocation fails and Lambda
     * redelivers the batch.
     */
    static List<QueueMessage> all(JsonNode event) {
        List<QueueMessage> messages = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            JsonNode id = record.path("messageId");
            if (!record.isObject() || !"aws:sqs".equals(record.path("eventSource").asText())
                    || !id.isTextual() || id.textValue().isEmpty()) {
                throw new InvalidRunRequest("The event holds Records that are not SQS messages (each needs a"
                        + " messageId and \"eventSource\": \"aws:sqs\")", null, null);
            }
            JsonNode body = record.path("body");
            messages.add(new QueueMessage(id.textValue(),
                    record.path("attributes").path("ApproximateReceiveCount").asInt(0),
                    body.isTextual() ? body.textValue() : null));
        }
        return messages;
    }

    /** The body as JSON; a body that is none is the caller's fault, like any malformed event. */
    JsonNode json(ObjectMapper json) {
        if (body == null || body.isBlank()) {
            throw malformed("it is empty");
        }
        try {
            // one JSON value, as an event the binding reads: anything after it makes the body malformed, not ignored
            return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JacksonException notJson) {
            // the parser's message would quote the body, which may hold anything: only say where it broke
            throw malformed("it is not JSON" + (notJson.getLocation() == null ? ""
                    : " (at character " + notJson.getLocation().getCharOffset() + ")"));
        }
    }

    private InvalidRunRequest malformed(String why) {
        return new InvalidRunRequest("The body of SQS message " + messageId + " is no stopped execution: " + why
                + "; expected EventBridge's \"" + ExecutionRequest.DETAIL_TYPE + "\" event or {\"executionArn\": ...}",
                null, null);
    }
}
