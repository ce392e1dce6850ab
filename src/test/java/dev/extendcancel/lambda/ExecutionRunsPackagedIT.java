package dev.extendcancel.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.extendcancel.support.StepFunctionsApi.getHistory;
import static dev.extendcancel.support.StepFunctionsApi.serveHistory;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.InvocationLines;
import dev.extendcancel.support.PackagedFunction;
import dev.extendcancel.support.RuntimeApiEmulator;
import dev.extendcancel.support.StepFunctionsApi;
import dev.extendcancel.support.StepFunctionsApi.History;

/**
 * cancelExecutionRuns in the packaged function.zip (JVM under AWS's runtime interface client, or the native
 * bootstrap): the AWS SDK inside it configured only by the standard variables Lambda sets (AWS_REGION,
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) and AWS_ENDPOINT_URL_SFN pointing at a Step
 * Functions stand-in. In a native build this proves the SDK works in the native image (JSON protocol, signing,
 * the URL-connection client, error unmarshalling).
 */
class ExecutionRunsPackagedIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk_it_SECRET_5fe57a7e";
    private static final String ARN = "arn:aws:states:us-east-1:012345678912:execution:state-machine-name:execution-name";
    private static final String MISSING_ARN = "arn:aws:states:us-east-1:012345678912:execution:pipeline:gone";
    private static final String DENIED_ARN = "arn:aws:states:us-east-1:012345678912:execution:pipeline:denied";
    private static final String SECRET_ACCESS_KEY = "it-secret-access-key-0000";

    private static WireMockServer extend;
    private static WireMockServer stepFunctions;

    @BeforeAll
    static void start() {
        extend = new WireMockServer(com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                .bindAddress("127.0.0.1").dynamicPort());
        extend.start();
        String run = "{\"object\":\"{{replace request.pathSegments.[0] '_runs' '_run'}}\",\"id\":\"{{request.pathSegments.[1]}}\","
                + "\"status\":\"CANCELLED\"}";
        extend.stubFor(post(urlPathMatching("/[a-z]+_runs/[A-Za-z0-9_-]+/cancel")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(run).withTransformers("response-template")));
        stepFunctions = StepFunctionsApi.start();
    }

    @AfterAll
    static void stop() {
        extend.stop();
        stepFunctions.stop();
    }

    @BeforeEach
    void clearRequests() {
        extend.resetRequests();
        stepFunctions.resetAll();
    }

    @Test
    void cancelsTheRunsOfAStoppedExecutionThroughTheSdk() throws Exception {
        History history = new History()
                .executionStarted("{\"document\":\"secret user text\",\"run\":{\"object\":\"extract_run\",\"id\":\"exr_it\"}}")
                .taskSucceeded("lambda", "invoke", "{\"StatusCode\":200,\"Payload\":{\"object\":\"workflow_run\","
                        + "\"id\":\"wr_it\",\"status\":\"PROCESSING\"}}")
                .stateExited("Task", "Start", "{\"ResponseBody\":\"{\\\"object\\\":\\\"classify_run\\\",\\\"id\\\":\\\"clr_it\\\"}\"}")
                .executionAborted();
        serveHistory(stepFunctions, ARN, history.events(), 2);
        stepFunctions.stubFor(getHistory(MISSING_ARN, null).willReturn(StepFunctionsApi.error("ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + MISSING_ARN + "'")));
        stepFunctions.stubFor(getHistory(DENIED_ARN, null).willReturn(StepFunctionsApi.error("AccessDeniedException",
                "not authorized to perform: states:GetExecutionHistory")));

        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator();
                PackagedFunction lambda = PackagedFunction.start("execution-runs", environment(runtime))) {
            var outcome = runtime.invoke(AwsEvents.raw("sfn-execution-status-change-aborted.json"));
            var missing = runtime.invoke("{\"executionArn\":\"" + MISSING_ARN + "\"}");
            var denied = runtime.invoke("{\"executionArn\":\"" + DENIED_ARN + "\"}");

            assertThat(outcome.isError()).as(outcome.body()).isFalse();
            JsonNode answer = JSON.readTree(outcome.body());
            assertThat(answer.path("status").asText()).isEqualTo("ABORTED");
            assertThat(answer.path("runsFound").asInt()).isEqualTo(3);
            assertThat(answer.path("cancelled").toString()).isEqualTo("[\"exr_it\",\"wr_it\",\"clr_it\"]");
            assertThat(extend.getAllServeEvents()).extracting(e -> e.getRequest().getUrl()).containsExactlyInAnyOrder(
                    "/extract_runs/exr_it/cancel", "/workflow_runs/wr_it/cancel", "/classify_runs/clr_it/cancel");
            assertThat(JSON.readTree(missing.body()).path("errorType").asText())
                    .isEqualTo("dev.extendcancel.error.ExecutionNotFound");
            assertThat(JSON.readTree(denied.body()).path("errorType").asText())
                    .isEqualTo("dev.extendcancel.error.ExecutionHistoryUnavailable");
            assertThat(JSON.readTree(denied.body()).path("errorMessage").asText()).contains("states:GetExecutionHistory");
            // two pages for the first execution, one request each for the others, all signed with the Lambda role's keys
            assertThat(stepFunctions.getAllServeEvents()).hasSize(4).allSatisfy(event -> assertThat(
                    event.getRequest().getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=ASIAITEXAMPLE/"));

            String log = lambda.log();
            assertThat(log).doesNotContain(KEY, SECRET_ACCESS_KEY, "secret user text");
            List<JsonNode> lines = new ArrayList<>();
            for (String line : log.split("\n")) {
                if (line.startsWith("{") && line.contains("\"dev.extendcancel.invocation\"")) {
                    lines.add(JSON.readTree(line));
                }
            }
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0).path("function").asText()).isEqualTo("cancelExecutionRuns");
            assertThat(lines.get(0).path("executionArn").asText()).isEqualTo(ARN);
            assertThat(lines.get(0).path("runsFound").asInt()).isEqualTo(3);
            assertThat(lines.get(0).path("cancelled").asInt()).isEqualTo(3);
            assertThat(lines.get(0).path("lambdaRequestId").asText()).matches("[0-9a-f-]{36}");
            assertThat(lines.get(1).path("error").asText()).isEqualTo("ExecutionNotFound");
            assertThat(lines.get(2).path("error").asText()).isEqualTo("ExecutionHistoryUnavailable");

            // the module's queue: an SQS batch, one good record and one malformed, answered per record
            var queued = runtime.invoke(AwsEvents.sqs(2, "m-ok", "{\"executionArn\":\"" + ARN + "\"}",
                    "m-bad", "[not json").toString());
            JsonNode batch = JSON.readTree(queued.body());
            assertThat(batch.path("batchItemFailures").toString()).as(queued.body())
                    .isEqualTo("[{\"itemIdentifier\":\"m-bad\"}]");
            List<JsonNode> recordLines = dev.extendcancel.support.InvocationLines.invocations(lambda.log());
            assertThat(recordLines).hasSize(5);
            assertThat(recordLines.get(3).path("messageId").asText()).isEqualTo("m-ok");
            assertThat(recordLines.get(3).path("receiveCount").asInt()).isEqualTo(2);
            assertThat(recordLines.get(3).path("retry").asBoolean()).isFalse();
            assertThat(recordLines.get(3).path("cancelled").asInt()).isEqualTo(3);
            assertThat(recordLines.get(3).path("rateLimitWaitMs").isIntegralNumber()).isTrue();
            assertThat(recordLines.get(4).path("messageId").asText()).isEqualTo("m-bad");
            assertThat(recordLines.get(4).path("error").asText()).isEqualTo("InvalidRunRequest");
            assertThat(recordLines.get(4).path("retry").asBoolean()).isTrue();
            assertThat(extend.getAllServeEvents()).as("the malformed record made no call").hasSize(6);
        }
    }

    /**
     * Nothing is lost when the deadline comes in the middle of an SQS batch: the first execution's cancel is slow (Extend
     * answers after 1.8 s) and uses up a 3 s invocation, so the second record is not started (its history is never
     * read) and comes back in batchItemFailures for a later receive, while the answer arrives before the deadline.
     */
    @Test
    void aRecordTheDeadlineDoesNotReachComesBackUntouched() throws Exception {
        String slowArn = "arn:aws:states:us-east-1:012345678912:execution:pipeline:slow";
        String lateArn = "arn:aws:states:us-east-1:012345678912:execution:pipeline:late";
        serveHistory(stepFunctions, slowArn, new History()
                .taskSucceeded("lambda", "invoke", "{\"StatusCode\":200,\"Payload\":{\"object\":\"workflow_run\","
                        + "\"id\":\"wr_it_slow\",\"status\":\"PROCESSING\"}}")
                .executionAborted().events(), 1000);
        extend.stubFor(post(urlPathMatching("/workflow_runs/wr_it_slow/cancel")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(1800)
                .withBody("{\"object\":\"workflow_run\",\"id\":\"wr_it_slow\",\"status\":\"CANCELLED\"}")));

        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator();
                PackagedFunction lambda = PackagedFunction.start("execution-runs-deadline", environment(runtime))) {
            runtime.invoke("{\"executionArn\":\"" + MISSING_ARN + "\"}"); // the cold start is not the deadline's
            stepFunctions.resetRequests();

            var outcome = runtime.invoke(AwsEvents.sqs(1, "m-slow", "{\"executionArn\":\"" + slowArn + "\"}",
                    "m-late", "{\"executionArn\":\"" + lateArn + "\"}").toString(), Duration.ofSeconds(3),
                    Duration.ofSeconds(10));

            assertThat(outcome.isError()).as(outcome.body()).isFalse();
            assertThat(outcome.elapsed()).isLessThan(Duration.ofSeconds(3));
            assertThat(JSON.readTree(outcome.body()).toString())
                    .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-late\"}]}");
            assertThat(stepFunctions.getAllServeEvents()).as("only the first record's history was read").hasSize(1);
            List<JsonNode> lines = InvocationLines.invocations(lambda.log());
            JsonNode late = lines.getLast();
            assertThat(late.path("messageId").asText()).isEqualTo("m-late");
            assertThat(late.path("retry").asBoolean()).isTrue();
            assertThat(lines.get(lines.size() - 2).path("cancelled").asInt()).isEqualTo(1);
        }
    }

    /**
     * A monitoring pipeline's history: its own run (tagged with its ARN, as the reference pipeline tags it), an
     * untagged run it started, a listing of other pipelines' in-flight runs (an HTTP task's body, a string) that shows
     * its own run too, and another pipeline's run read by id. In strict mode (EXTEND_CLEANUP_OWNED_ONLY=true, which
     * also proves the variable reaches the packaged function) only the tagged run is cancelled.
     */
    @Test
    void cancelsOnlyTheTaggedRunOfAMonitoringPipelineInStrictMode() throws Exception {
        String other = "arn:aws:states:us-east-1:012345678912:execution:other-pipeline:theirs";
        String listing = "{\"object\":\"list\",\"data\":["
                + "{\"object\":\"workflow_run\",\"id\":\"wr_it_other\",\"status\":\"PROCESSING\",\"metadata\":"
                + "{\"stepFunctionsExecutionArn\":\"" + other + "\"}},"
                + "{\"object\":\"extract_run\",\"id\":\"exr_it_listed\",\"status\":\"PROCESSING\",\"metadata\":{}},"
                + "{\"object\":\"workflow_run\",\"id\":\"wr_it_mine\",\"status\":\"PROCESSING\",\"metadata\":"
                + "{\"stepFunctionsExecutionArn\":\"" + ARN + "\"}}],\"nextPageToken\":null}";
        History history = new History()
                .executionStarted("{\"document\":\"secret user text\"}")
                .taskSucceeded("http", "invoke", "{\"StatusCode\":200,\"ResponseBody\":{\"object\":\"workflow_run\","
                        + "\"id\":\"wr_it_mine\",\"status\":\"PENDING\",\"metadata\":{\"stepFunctionsExecutionArn\":\""
                        + ARN + "\"}}}")
                .taskSucceeded("lambda", "invoke", "{\"StatusCode\":200,\"Payload\":{\"object\":\"parse_run\","
                        + "\"id\":\"pr_it_untagged\",\"status\":\"PROCESSING\"}}")
                .taskSucceeded("http", "invoke", "{\"StatusCode\":200,\"ResponseBody\":"
                        + JSON.getNodeFactory().textNode(listing) + "}")
                .stateExited("Task", "ReadTheirs", "{\"object\":\"classify_run\",\"id\":\"clr_it_theirs\","
                        + "\"metadata\":{\"stepFunctionsExecutionArn\":\"" + other + "\"}}")
                .executionAborted();
        serveHistory(stepFunctions, ARN, history.events(), 2);

        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            Map<String, String> environment = environment(runtime);
            environment.put("EXTEND_CLEANUP_OWNED_ONLY", "true");
            try (PackagedFunction lambda = PackagedFunction.start("execution-runs-owned-only", environment)) {
                var outcome = runtime.invoke(AwsEvents.raw("sfn-execution-status-change-aborted.json"));

                assertThat(outcome.isError()).as(outcome.body()).isFalse();
                JsonNode answer = JSON.readTree(outcome.body());
                assertThat(answer.path("runsFound").asInt()).isEqualTo(1);
                assertThat(answer.path("cancelled").toString()).isEqualTo("[\"wr_it_mine\"]");
                assertThat(answer.path("skipped").toString()).isEqualTo("[{\"runId\":\"pr_it_untagged\",\"reason\":"
                        + "\"notOwned\"},{\"runId\":\"wr_it_other\",\"reason\":\"listed\"},{\"runId\":"
                        + "\"exr_it_listed\",\"reason\":\"listed\"},{\"runId\":\"clr_it_theirs\",\"reason\":"
                        + "\"otherExecution\"}]");
                assertThat(extend.getAllServeEvents()).extracting(e -> e.getRequest().getMethod() + " "
                        + e.getRequest().getUrl()).containsExactly("POST /workflow_runs/wr_it_mine/cancel");

                String log = lambda.log();
                assertThat(log).doesNotContain(KEY, SECRET_ACCESS_KEY, "secret user text");
                List<JsonNode> lines = InvocationLines.invocations(log);
                assertThat(lines).hasSize(1);
                JsonNode line = lines.get(0);
                assertThat(line.path("skipped").asInt()).isEqualTo(4);
                assertThat(line.path("skippedListed").asInt()).isEqualTo(2);
                assertThat(line.path("skippedOtherExecution").asInt()).isEqualTo(1);
                assertThat(line.path("skippedNotOwned").asInt()).isEqualTo(1);
                // the EMF metric: listed in the directive, its value at the root (InvocationLines checked the format)
                assertThat(line.path("SkippedRuns").asInt()).isEqualTo(4);
                assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name")).contains("SkippedRuns");
            }
        }
    }

    private static Map<String, String> environment(RuntimeApiEmulator runtime) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
        env.put("QUARKUS_FUNQY_EXPORT", "cancelExecutionRuns");
        env.put("EXTEND_API_KEY", KEY);
        env.put("EXTEND_BASE_URL", extend.baseUrl());
        env.put("EXTEND_TIMEOUT", "3s");
        // what Lambda puts in every function's environment (the role's temporary credentials), plus the SDK's own
        // standard endpoint variable
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "ASIAITEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        env.put("AWS_SESSION_TOKEN", "it-session-token");
        env.put("AWS_ENDPOINT_URL_SFN", stepFunctions.baseUrl());
        return env;
    }
}
