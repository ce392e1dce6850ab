package dev.extendcancel.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * A Step Functions API stand-in: WireMock on loopback answering {@code GetExecutionHistory} the way Step Functions
 * does (AWS JSON 1.0: {@code POST /} with {@code X-Amz-Target: AWSStepFunctions.GetExecutionHistory}, pages joined
 * by {@code nextToken}, errors as {@code {"__type": ..., "message": ...}} with status 400), and a builder of history
 * events in the shapes of the API reference (HistoryEvent, its *EventDetails, execution data as JSON strings).
 */
public final class StepFunctionsApi {

    public static final String TARGET = "AWSStepFunctions.GetExecutionHistory";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StepFunctionsApi() {
    }

    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    /** The request for one page of this execution's history ({@code nextToken} null: the first page). */
    public static MappingBuilder getHistory(String executionArn, String nextToken) {
        MappingBuilder request = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(matchingJsonPath("$.executionArn", equalTo(executionArn)));
        return nextToken == null ? request.withRequestBody(notContaining("nextToken"))
                : request.withRequestBody(matchingJsonPath("$.nextToken", equalTo(nextToken)));
    }

    /** Serves these events as pages of {@code pageSize}, chained by nextToken, as GetExecutionHistory does. */
    public static void serveHistory(WireMockServer server, String executionArn, List<ObjectNode> events, int pageSize) {
        int pages = Math.max(1, (events.size() + pageSize - 1) / pageSize);
        for (int page = 0; page < pages; page++) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode items = body.putArray("events");
            events.subList(page * pageSize, Math.min(events.size(), (page + 1) * pageSize)).forEach(items::add);
            if (page + 1 < pages) {
                body.put("nextToken", "token-page-" + (page + 1));
            }
            server.stubFor(getHistory(executionArn, page == 0 ? null : "token-page-" + page).willReturn(page(body)));
        }
    }

    public static ResponseDefinitionBuilder page(ObjectNode body) {
        return aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "sfn-req-ok").withBody(body.toString());
    }

    /** An error as Step Functions sends it, e.g. ExecutionDoesNotExist, AccessDeniedException, ThrottlingException. */
    public static ResponseDefinitionBuilder error(String type, String message) {
        return aResponse().withStatus(400).withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "sfn-req-" + type)
                .withBody(JSON.createObjectNode().put("__type", type).put("message", message).toString());
    }

    /** A history, event by event, with ids and previous ids as Step Functions numbers them. */
    public static final class History {
        private final List<ObjectNode> events = new ArrayList<>();
        private long timestamp = 1_764_000_000_000L;

        public History executionStarted(String input) {
            ObjectNode details = event("ExecutionStarted").putObject("executionStartedEventDetails");
            details.put("input", input).putObject("inputDetails").put("truncated", false);
            details.put("roleArn", "arn:aws:iam::012345678912:role/pipeline");
            return this;
        }

        public History stateEntered(String type, String name, String input) {
            ObjectNode details = event(type + "StateEntered").putObject("stateEnteredEventDetails");
            details.put("name", name).put("input", input).putObject("inputDetails").put("truncated", false);
            return this;
        }

        public History stateExited(String type, String name, String output) {
            ObjectNode details = event(type + "StateExited").putObject("stateExitedEventDetails");
            details.put("name", name).put("output", output).putObject("outputDetails").put("truncated", false);
            return this;
        }

        /** An optimised integration's result, e.g. resourceType "lambda", resource "invoke". */
        public History taskSucceeded(String resourceType, String resource, String output) {
            ObjectNode details = event("TaskSucceeded").putObject("taskSucceededEventDetails");
            details.put("resourceType", resourceType).put("resource", resource).put("output", output)
                    .putObject("outputDetails").put("truncated", false);
            return this;
        }

        /** A plain Lambda resource ("Resource": function ARN). */
        public History lambdaFunctionSucceeded(String output) {
            ObjectNode details = event("LambdaFunctionSucceeded").putObject("lambdaFunctionSucceededEventDetails");
            details.put("output", output).putObject("outputDetails").put("truncated", false);
            return this;
        }

        public History taskScheduled(String resourceType, String resource, String parameters) {
            event("TaskScheduled").putObject("taskScheduledEventDetails").put("resourceType", resourceType)
                    .put("resource", resource).put("region", "us-east-1").put("parameters", parameters);
            return this;
        }

        public History waitStateEntered(String name) {
            event("WaitStateEntered").putObject("stateEnteredEventDetails").put("name", name);
            return this;
        }

        public History executionAborted() {
            event("ExecutionAborted").putObject("executionAbortedEventDetails");
            return this;
        }

        public History executionTimedOut() {
            event("ExecutionTimedOut").putObject("executionTimedOutEventDetails").put("error", "States.Timeout");
            return this;
        }

        public int size() {
            return events.size();
        }

        public List<ObjectNode> events() {
            return events;
        }

        private ObjectNode event(String type) {
            ObjectNode event = JSON.createObjectNode();
            // timestamps are epoch seconds with fractions, as AWS JSON 1.0 sends them
            event.put("timestamp", (timestamp += 137) / 1000.0).put("type", type).put("id", events.size() + 1)
                    .put("previousEventId", events.size());
            events.add(event);
            return event;
        }
    }
}
