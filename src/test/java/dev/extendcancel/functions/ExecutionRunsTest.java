package dev.extendcancel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.extendcancel.support.ExtendStubs.cancel;
import static dev.extendcancel.support.ExtendStubs.error;
import static dev.extendcancel.support.StepFunctionsApi.getHistory;
import static dev.extendcancel.support.StepFunctionsApi.serveHistory;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.CapturedLog;
import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import dev.extendcancel.support.StepFunctionsApi;
import dev.extendcancel.support.StepFunctionsApi.History;
import dev.extendcancel.support.StepFunctionsStandIn;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * cancelExecutionRuns through the real Lambda poll loop: AWS's own "Step Functions Execution Status Change" sample
 * events (verbatim) or a direct {"executionArn"}, the AWS SDK reading GetExecutionHistory from a Step Functions
 * stand-in in AWS's JSON shapes, and WireMock as Extend. Every test asserts exactly which calls reached Extend.
 */
@QuarkusTest
@TestProfile(ExecutionRunsProfile.class)
@QuarkusTestResource(value = StepFunctionsStandIn.class, restrictToAnnotatedClass = true)
@ConnectWireMock
class ExecutionRunsTest {

    /** The execution of AWS's sample events. */
    static final String SAMPLE_ARN = "arn:aws:states:us-east-1:012345678912:execution:state-machine-name:execution-name";
    static final String OTHER_ARN = "arn:aws:states:eu-west-1:210987654321:execution:pipeline:run-42";
    /** Execution data may hold user documents: it must never reach a log line. */
    static final String DOCUMENT_TEXT = "CONFIDENTIAL invoice of ACME Corp, total 9,999.00";

    private static final ObjectMapper JSON = new ObjectMapper();

    WireMock wiremock;
    WireMockServer stepFunctions = StepFunctionsStandIn.server();

    private final CapturedLog log = new CapturedLog();

    @BeforeEach
    void reset() {
        ExtendStubs.reset(wiremock);
        stepFunctions.resetAll();
        log.start();
    }

    @AfterEach
    void stopCapture() {
        log.stop();
    }

    @Test
    void cancelsEveryRunTheAbortedExecutionSawOverSeveralPages() throws Exception {
        History history = new History()
                // a run handed in by the caller: only in the execution input
                .executionStarted(json("{\"document\":\"" + DOCUMENT_TEXT + "\",\"resume\":{\"object\":\"extract_run\","
                        + "\"id\":\"exr_input_only\",\"status\":\"PROCESSING\"}}"))
                .stateEntered("Task", "StartWorkflowRun", "{\"document\":\"" + DOCUMENT_TEXT + "\"}")
                .taskScheduled("lambda", "invoke", "{\"FunctionName\":\"start-workflow\"}")
                // lambda:invoke: the run is the Payload
                .taskSucceeded("lambda", "invoke", json("{\"ExecutedVersion\":\"$LATEST\",\"StatusCode\":200,"
                        + "\"Payload\":{\"object\":\"workflow_run\",\"id\":\"wr_started\",\"status\":\"PENDING\"}}"))
                // the same run again in the state's output: cancelled once
                .stateExited("Task", "StartWorkflowRun", json("{\"run\":{\"object\":\"workflow_run\","
                        + "\"id\":\"wr_started\",\"status\":\"PENDING\"}}"))
                // an HTTP task: the run is a JSON string in ResponseBody
                .taskSucceeded("http", "invoke", json("{\"StatusCode\":200,\"ResponseBody\":"
                        + quoted("{\"object\":\"classify_run\",\"id\":\"clr_http\",\"status\":\"PROCESSING\"}") + "}"))
                // a plain Lambda resource returning a string that holds the legacy envelope
                .lambdaFunctionSucceeded(quoted(quoted("{\"success\":true,\"workflowRun\":{\"object\":\"workflow_run\","
                        + "\"id\":\"wr_legacy\",\"status\":\"PROCESSING\"}}")))
                .waitStateEntered("WaitForRuns")
                // a Pass state with runs deep in arrays, a legacy processor run, and a run that finished meanwhile
                .stateExited("Pass", "Collect", json("{\"a\":{\"b\":[1,{\"c\":[{\"object\":\"split_run\","
                        + "\"id\":\"splr_deep\"},{\"object\":\"parse_run\",\"id\":\"pr_deep\"}]}]},"
                        + "\"legacy\":{\"success\":true,\"processorRun\":{\"object\":\"document_processor_run\","
                        + "\"id\":\"dpr_legacy\",\"status\":\"PROCESSING\"}},"
                        + "\"done\":{\"object\":\"workflow_run\",\"id\":\"wr_finished_early\",\"status\":\"PROCESSED\"},"
                        + "\"gone\":{\"object\":\"extract_run\",\"id\":\"exr_missing\"},"
                        + "\"notARun\":{\"object\":\"file\",\"id\":\"file_1\"},\"badId\":{\"object\":\"workflow_run\","
                        + "\"id\":\"../etc\"}}"))
                .executionAborted();
        serveHistory(stepFunctions, SAMPLE_ARN, history.events(), 4);

        Result result = Lambda.invoke(AwsEvents.raw("sfn-execution-status-change-aborted.json"));

        assertThat(result.isError()).as(result.raw()).isFalse();
        JsonNode answer = result.body();
        assertThat(answer.path("executionArn").asText()).isEqualTo(SAMPLE_ARN);
        assertThat(answer.path("status").asText()).isEqualTo("ABORTED");
        assertThat(answer.path("runsFound").asInt()).isEqualTo(9);
        assertThat(texts(answer.path("cancelled"))).containsExactly("exr_input_only", "wr_started", "clr_http",
                "wr_legacy", "splr_deep", "pr_deep", "dpr_legacy");
        assertThat(texts(answer.path("alreadyStopped"))).containsExactly("wr_finished_early", "exr_missing");
        assertThat(answer.path("failed").isArray()).isTrue();
        assertThat(answer.path("failed")).isEmpty();
        assertThat(answer.path("batches")).isEmpty();
        assertThat(extendCalls()).containsExactlyInAnyOrder(
                "POST /extract_runs/exr_input_only/cancel",
                "POST /workflow_runs/wr_started/cancel",
                "POST /classify_runs/clr_http/cancel",
                "POST /workflow_runs/wr_legacy/cancel",
                "POST /split_runs/splr_deep/cancel",
                "POST /parse_runs/pr_deep/cancel",
                "POST /processor_runs/dpr_legacy/cancel",
                "POST /workflow_runs/wr_finished_early/cancel", "GET /workflow_runs/wr_finished_early",
                "POST /extract_runs/exr_missing/cancel");
        // three pages of four events, all asked for with execution data and the largest page size
        stepFunctions.verify(3, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(StepFunctionsApi.TARGET))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=" + StepFunctionsStandIn.ACCESS_KEY_ID
                        + "/\\d{8}/us-east-1/states/aws4_request, .*"))
                .withRequestBody(WireMock.matchingJsonPath("$.includeExecutionData", equalTo("true")))
                .withRequestBody(WireMock.matchingJsonPath("$.maxResults", equalTo("1000"))));
        assertThat(log.lines()).noneMatch(line -> line.contains("CONFIDENTIAL") || line.contains("ACME"));
        assertThat(log.lines()).anyMatch(line -> line.contains("cleaned up") && line.contains(SAMPLE_ARN)
                && line.contains("runsFound=9, cancelled=7, alreadyStopped=2, failed=0"));
    }

    /** Another pipeline's execution, whose runs a monitoring step of this one sees. */
    static final String ANOTHER_ARN = "arn:aws:states:us-east-1:012345678912:execution:other-pipeline:their-run";

    /**
     * An execution that started two runs (one tagged with its ARN, one untagged) and a batch, and also saw runs it did
     * not start: listings of in-flight runs in an HTTP task's ResponseBody (a string), in a Lambda Payload and inside a
     * JSON string of a state's output, and another pipeline's run read by id. Its own tagged run shows up in the
     * listing too.
     */
    static History monitoringHistory(String executionArn) {
        String mine = "{\"object\":\"workflow_run\",\"id\":\"wr_mine\",\"status\":\"PROCESSING\",\"metadata\":"
                + "{\"stepFunctionsExecutionArn\":\"" + executionArn + "\",\"customer\":\"acme\"}}";
        return new History()
                .executionStarted(json("{\"document\":\"" + DOCUMENT_TEXT + "\"}"))
                // Create Workflow Run through an HTTP task, tagged as the convention says
                .taskSucceeded("http", "invoke", json("{\"StatusCode\":200,\"ResponseBody\":" + mine + "}"))
                // an extract run started by a Lambda that sets no metadata
                .taskSucceeded("lambda", "invoke", json("{\"StatusCode\":200,\"Payload\":{\"object\":\"extract_run\","
                        + "\"id\":\"exr_untagged\",\"status\":\"PROCESSING\",\"metadata\":{}}}"))
                .stateExited("Task", "StartBatch", json("{\"batch\":{\"batchId\":\"batch_mine\"}}"))
                // GET /workflow_runs?status=PROCESSING through an HTTP task: the body is a string
                .taskSucceeded("http", "invoke", json("{\"StatusCode\":200,\"ResponseBody\":" + quoted("{\"object\":\"list\","
                        + "\"data\":[{\"object\":\"workflow_run\",\"id\":\"wr_other_1\",\"status\":\"PROCESSING\","
                        + "\"metadata\":{\"stepFunctionsExecutionArn\":\"" + ANOTHER_ARN + "\"}},"
                        + "{\"object\":\"workflow_run\",\"id\":\"wr_other_2\",\"status\":\"PENDING\",\"metadata\":{}},"
                        + mine + "],\"nextPageToken\":\"tok_2\"}") + "}"))
                // a Lambda that lists classify runs: the list answer is its Payload
                .taskSucceeded("lambda", "invoke", json("{\"StatusCode\":200,\"Payload\":{\"object\":\"list\",\"data\":"
                        + "[{\"object\":\"classify_run\",\"id\":\"clr_other_3\",\"status\":\"PROCESSING\"}]}}"))
                // a report that carries a listing as a JSON string
                .stateExited("Pass", "Report", json("{\"report\":" + quoted("{\"inFlight\":{\"object\":\"list\","
                        + "\"data\":[{\"object\":\"split_run\",\"id\":\"splr_other_4\",\"status\":\"PROCESSING\"}]}}")
                        + "}"))
                // a status check of another pipeline's run by id: its metadata names that pipeline's execution
                .taskSucceeded("http", "invoke", json("{\"StatusCode\":200,\"ResponseBody\":" + quoted("{\"object\":"
                        + "\"workflow_run\",\"id\":\"wr_theirs\",\"status\":\"PROCESSING\",\"metadata\":"
                        + "{\"stepFunctionsExecutionArn\":\"" + ANOTHER_ARN + "\"}}") + "}"))
                .executionAborted();
    }

    @Test
    void cancelsOnlyWhatTheExecutionStartedNotTheRunsItListedOrRead() {
        serveHistory(stepFunctions, SAMPLE_ARN, monitoringHistory(SAMPLE_ARN).events(), 3);

        Result result = Lambda.invoke(AwsEvents.raw("sfn-execution-status-change-aborted.json"));

        assertThat(result.isError()).as(result.raw()).isFalse();
        JsonNode answer = result.body();
        assertThat(answer.path("runsFound").asInt()).isEqualTo(2);
        assertThat(texts(answer.path("cancelled"))).containsExactly("wr_mine", "exr_untagged");
        assertThat(answer.path("skipped").toString()).isEqualTo("[{\"runId\":\"wr_other_1\",\"reason\":\"listed\"},"
                + "{\"runId\":\"wr_other_2\",\"reason\":\"listed\"},{\"runId\":\"clr_other_3\",\"reason\":\"listed\"},"
                + "{\"runId\":\"splr_other_4\",\"reason\":\"listed\"},"
                + "{\"runId\":\"wr_theirs\",\"reason\":\"otherExecution\"}]");
        assertThat(answer.path("batches").get(0).path("batchId").asText()).isEqualTo("batch_mine");
        assertThat(answer.path("batches").get(0).path("done").asBoolean()).isTrue();
        assertThat(extendCalls()).containsExactlyInAnyOrder(
                "POST /workflow_runs/wr_mine/cancel",
                "POST /extract_runs/exr_untagged/cancel",
                BATCH_LISTING_PENDING, BATCH_LISTING_PROCESSING);
        assertThat(log.lines()).noneMatch(line -> line.contains("CONFIDENTIAL") || line.contains("acme"));
        assertThat(log.lines()).anyMatch(line -> line.contains("cleaned up") && line.contains("runsFound=2, cancelled=2,"
                + " alreadyStopped=0, failed=0, batchesFound=1, batchesNotDone=0, skipped=5, skippedListed=4,"
                + " skippedOtherExecution=1, skippedNotOwned=0"));
    }

    @Test
    void aRunOnlyReadOrListedIsNeverCancelledEvenWithoutAnyTag() {
        // an aggregator: it read another pipeline's untagged run by id, and listed runs; it started nothing
        History history = new History()
                .taskSucceeded("http", "invoke", json("{\"StatusCode\":200,\"ResponseBody\":" + quoted("{\"object\":"
                        + "\"list\",\"data\":[{\"object\":\"parse_run\",\"id\":\"pr_listed\",\"status\":\"PROCESSING\"}]}")
                        + "}"))
                .stateExited("Task", "ReadTheirs", json("{\"object\":\"workflow_run\",\"id\":\"wr_read\",\"metadata\":"
                        + "{\"stepFunctionsExecutionArn\":\"" + ANOTHER_ARN + "\"}}"))
                .executionAborted();
        serveHistory(stepFunctions, OTHER_ARN, history.events(), 1000);

        Result result = Lambda.invoke("{\"executionArn\":\"" + OTHER_ARN + "\"}");

        assertThat(result.isError()).as(result.raw()).isFalse();
        assertThat(result.body().path("runsFound").asInt()).isZero();
        assertThat(result.body().path("skipped").toString()).isEqualTo("[{\"runId\":\"pr_listed\",\"reason\":\"listed\"},"
                + "{\"runId\":\"wr_read\",\"reason\":\"otherExecution\"}]");
        assertThat(extendCalls()).isEmpty();
    }

    @Test
    void anExecutionWithoutRunsMakesNoCallToExtend() {
        History history = new History().executionStarted(json("{\"document\":\"s3://bucket/doc.pdf\"}"))
                .stateEntered("Pass", "Prepare", "{}").stateExited("Pass", "Prepare", json("{\"object\":\"file\"}"))
                .executionTimedOut();
        serveHistory(stepFunctions, OTHER_ARN, history.events(), 1000);

        Result result = Lambda.invoke("{\"executionArn\":\"" + OTHER_ARN + "\"}");

        assertThat(result.isError()).as(result.raw()).isFalse();
        assertThat(result.body().path("status").asText()).as("from the history").isEqualTo("TIMED_OUT");
        assertThat(result.body().path("runsFound").asInt()).isZero();
        assertThat(result.body().path("cancelled")).isEmpty();
        assertThat(extendCalls()).isEmpty();
    }

    @Test
    void readsAHistoryOfMoreThanAThousandEvents() {
        History history = new History().executionStarted("{}");
        for (int i = 0; i < 1_200; i++) {
            history.stateEntered("Pass", "Step" + i, "{\"i\":" + i + "}");
        }
        history.stateExited("Task", "Late", json("{\"object\":\"workflow_run\",\"id\":\"wr_late\"}")).executionAborted();
        serveHistory(stepFunctions, OTHER_ARN, history.events(), 1000);

        Result result = Lambda.invoke("{\"executionArn\":\"" + OTHER_ARN + "\"}");

        assertThat(result.isError()).as(result.raw()).isFalse();
        assertThat(texts(result.body().path("cancelled"))).containsExactly("wr_late");
        assertThat(extendCalls()).containsExactly("POST /workflow_runs/wr_late/cancel");
        stepFunctions.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aMissingExecutionIsExecutionNotFound() {
        stepFunctions.stubFor(getHistory(SAMPLE_ARN, null).willReturn(StepFunctionsApi.error(
                "ExecutionDoesNotExist", "Execution Does Not Exist: '" + SAMPLE_ARN + "'")));

        Result result = Lambda.invoke(AwsEvents.raw("sfn-execution-status-change-timed-out.json"));

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExecutionNotFound");
        assertThat(result.errorMessage()).contains(SAMPLE_ARN, "ExecutionDoesNotExist", "sfn-req-ExecutionDoesNotExist");
        assertThat(extendCalls()).isEmpty();
    }

    @Test
    void accessDeniedNamesTheIamAction() {
        stepFunctions.stubFor(getHistory(SAMPLE_ARN, null).willReturn(StepFunctionsApi.error("AccessDeniedException",
                "User: arn:aws:sts::012345678912:assumed-role/extend-cancel-lambda/fn is not authorized to perform:"
                        + " states:GetExecutionHistory on resource: " + SAMPLE_ARN)));

        Result result = Lambda.invoke(AwsEvents.raw("sfn-execution-status-change-failed.json"));

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExecutionHistoryUnavailable");
        assertThat(result.errorMessage()).contains("states:GetExecutionHistory", SAMPLE_ARN, "AccessDeniedException");
        assertThat(extendCalls()).isEmpty();
        stepFunctions.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void throttlingIsRetriedByTheSdk() {
        stepFunctions.stubFor(getHistory(OTHER_ARN, null).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(StepFunctionsApi.error("ThrottlingException", "Rate exceeded")).willSetStateTo("calm"));
        History history = new History().executionStarted(json("{\"object\":\"parse_run\",\"id\":\"pr_1\"}"))
                .executionAborted();
        stepFunctions.stubFor(getHistory(OTHER_ARN, null).inScenario("throttled").whenScenarioStateIs("calm")
                .willReturn(StepFunctionsApi.page(page(history))));

        Result result = Lambda.invoke("{\"executionArn\":\"" + OTHER_ARN + "\"}");

        assertThat(result.isError()).as(result.raw()).isFalse();
        assertThat(texts(result.body().path("cancelled"))).containsExactly("pr_1");
        assertThat(extendCalls()).containsExactly("POST /parse_runs/pr_1/cancel");
        stepFunctions.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aStepFunctionsOutageIsExecutionHistoryUnavailable() {
        stepFunctions.stubFor(getHistory(OTHER_ARN, null).willReturn(WireMock.aResponse().withStatus(500)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withBody("{\"__type\":\"InternalFailure\",\"message\":\"internal\"}")));

        Result result = Lambda.invoke("{\"executionArn\":\"" + OTHER_ARN + "\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExecutionHistoryUnavailable");
        assertThat(result.errorMessage()).contains(OTHER_ARN, "500", "retrying is safe");
        assertThat(extendCalls()).isEmpty();
    }

    @Test
    void aRetryableCancelFailureFailsTheInvocationAfterEverythingElseIsDone() {
        wiremock.register(cancel("workflow_runs", "wr_extend_down").willReturn(error(503, "INTERNAL_ERROR", "down")));
        wiremock.register(cancel("workflow_runs", "wr_refused").willReturn(error(401, "UNAUTHORIZED", "bad key")));
        History history = new History()
                .stateExited("Task", "A", json("{\"object\":\"workflow_run\",\"id\":\"wr_extend_down\"}"))
                .stateExited("Task", "B", json("{\"object\":\"workflow_run\",\"id\":\"wr_refused\"}"))
                .stateExited("Task", "C", json("{\"object\":\"workflow_run\",\"id\":\"wr_fine\"}"))
                .executionAborted();
        serveHistory(stepFunctions, OTHER_ARN, history.events(), 1000);

        Result result = Lambda.invoke("{\"executionArn\":\"" + OTHER_ARN + "\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExtendUnavailable");
        assertThat(result.errorMessage()).contains(OTHER_ARN, "3 runs found, 1 cancelled, 0 already stopped, 2 failed",
                "wr_extend_down ExtendUnavailable", "wr_refused ExtendRejectedRequest", "retried");
        assertThat(extendCalls()).containsExactlyInAnyOrder(
                "POST /workflow_runs/wr_extend_down/cancel", "POST /workflow_runs/wr_extend_down/cancel",
                "POST /workflow_runs/wr_extend_down/cancel", // EXTEND_MAX_ATTEMPTS=3
                "POST /workflow_runs/wr_refused/cancel", "POST /workflow_runs/wr_fine/cancel");
    }

    @Test
    void aFailureNoRetryCanFixIsReportedNotRetried() {
        wiremock.register(cancel("workflow_runs", "wr_refused").willReturn(error(402, "USAGE_BLOCKED", "no credits")));
        History history = new History()
                .stateExited("Task", "A", json("{\"object\":\"workflow_run\",\"id\":\"wr_refused\"}"))
                .executionAborted();
        serveHistory(stepFunctions, OTHER_ARN, history.events(), 1000);

        Result result = Lambda.invoke("{\"executionArn\":\"" + OTHER_ARN + "\"}");

        assertThat(result.isError()).as(result.raw()).isFalse();
        JsonNode failed = result.body().path("failed");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("runId").asText()).isEqualTo("wr_refused");
        assertThat(failed.get(0).path("error").asText()).isEqualTo("ExtendRejectedRequest");
        assertThat(failed.get(0).path("message").asText()).contains("USAGE_BLOCKED");
        assertThat(extendCalls()).containsExactly("POST /workflow_runs/wr_refused/cancel");
    }

    /**
     * The module's queue: AWS's SQS sample event carrying five messages, each cleaned up in turn. The answer's
     * batchItemFailures names exactly the records that must come back: a retryable failure and a malformed body (no
     * call to Extend for it); an execution Step Functions does not know and a run Extend refused for good are
     * reported, not redelivered. One line per record.
     */
    @Test
    void anSqsBatchAnswersTheRecordsToRedeliver() throws Exception {
        String missingArn = "arn:aws:states:eu-west-1:210987654321:execution:pipeline:gone";
        String refusedArn = "arn:aws:states:eu-west-1:210987654321:execution:pipeline:refused";
        serveHistory(stepFunctions, SAMPLE_ARN, new History()
                .stateExited("Task", "A", json("{\"object\":\"workflow_run\",\"id\":\"wr_sqs_fine\"}"))
                .executionAborted().events(), 1000);
        serveHistory(stepFunctions, OTHER_ARN, new History()
                .stateExited("Task", "A", json("{\"object\":\"extract_run\",\"id\":\"exr_sqs_down\"}"))
                .executionAborted().events(), 1000);
        serveHistory(stepFunctions, refusedArn, new History()
                .stateExited("Task", "A", json("{\"object\":\"parse_run\",\"id\":\"pr_sqs_refused\"}"))
                .executionAborted().events(), 1000);
        stepFunctions.stubFor(getHistory(missingArn, null).willReturn(StepFunctionsApi.error(
                "ExecutionDoesNotExist", "Execution Does Not Exist: '" + missingArn + "'")));
        wiremock.register(cancel("extract_runs", "exr_sqs_down").willReturn(error(503, "INTERNAL_ERROR", "down")));
        wiremock.register(cancel("parse_runs", "pr_sqs_refused").willReturn(error(402, "USAGE_BLOCKED", "no credits")));

        Result result = Lambda.invoke(AwsEvents.sqs(1,
                "m-fine", AwsEvents.raw("sfn-execution-status-change-aborted.json"),
                "m-down", "{\"executionArn\":\"" + OTHER_ARN + "\"}",
                "m-malformed", "{\"executionArn\": " + DOCUMENT_TEXT,
                "m-missing", "{\"executionArn\":\"" + missingArn + "\"}",
                "m-refused", "{\"executionArn\":\"" + refusedArn + "\"}"));

        assertThat(result.isError()).as(result.raw()).isFalse();
        JsonNode answer = result.body();
        // exactly Lambda's partial batch response: nothing beside batchItemFailures
        assertThat(answer.toString())
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-down\"},{\"itemIdentifier\":\"m-malformed\"}]}");
        assertThat(extendCalls()).containsExactlyInAnyOrder(
                "POST /workflow_runs/wr_sqs_fine/cancel",
                "POST /extract_runs/exr_sqs_down/cancel", "POST /extract_runs/exr_sqs_down/cancel",
                "POST /extract_runs/exr_sqs_down/cancel", // EXTEND_MAX_ATTEMPTS=3 (no deadline here to wait out)
                "POST /parse_runs/pr_sqs_refused/cancel");
        // the malformed body was never read as an execution: four histories asked for, not five
        stepFunctions.verify(4, postRequestedFor(urlEqualTo("/")));

        // one line per record (the packaged test reads their JSON fields: messageId, receiveCount, retry)
        List<String> lines = log.lines().stream().filter(line -> line.contains("cancelExecutionRuns cleaned up")
                || line.contains("cancelExecutionRuns failed with")).toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).contains("messageId=m-fine", "retry=false", "receiveCount=1", SAMPLE_ARN, "cancelled=1");
        assertThat(lines.get(1)).contains("ExtendUnavailable", OTHER_ARN);
        assertThat(lines.get(2)).contains("InvalidRunRequest", "m-malformed", "not JSON");
        assertThat(lines.get(3)).contains("ExecutionNotFound", missingArn);
        assertThat(lines.get(4)).contains("messageId=m-refused", "retry=false", "failed=1");
        assertThat(log.lines()).noneMatch(line -> line.contains("CONFIDENTIAL"));
    }

    /** A record body is one JSON value, as a direct event is: one with anything after it comes back, unread. */
    @Test
    void aRecordWithAnythingAfterItsJsonComesBackWithoutAnyCall() {
        Result result = Lambda.invoke(AwsEvents.sqs(1, "m-trailing",
                "{\"executionArn\":\"" + OTHER_ARN + "\"} {\"executionArn\":\"" + SAMPLE_ARN + "\"}"));

        assertThat(result.isError()).as(result.raw()).isFalse();
        assertThat(result.body().toString()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-trailing\"}]}");
        assertThat(extendCalls()).isEmpty();
        stepFunctions.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void recordsThatAreNoSqsMessagesFailTheWholeBatchWithoutAnyCall() {
        var event = AwsEvents.sqs(1, "m-1", "{\"executionArn\":\"" + OTHER_ARN + "\"}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("Records").get(0)).remove("messageId");

        Result result = Lambda.invoke(event);

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.InvalidRunRequest");
        assertThat(result.errorMessage()).contains("messageId");
        assertThat(extendCalls()).isEmpty();
        stepFunctions.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void eventsOfAnotherKindAndBadArnsAreRejectedWithoutAnyCall() throws Exception {
        var otherEvent = AwsEvents.load("sfn-execution-status-change-aborted.json").put("detail-type", "EC2 Instance"
                + " State-change Notification");
        List<String> bad = List.of(otherEvent.toString(), "{}", "{\"executionArn\":42}",
                "{\"executionArn\":\"arn:aws:states:us-east-1:012345678912:stateMachine:sm\"}",
                "{\"executionArn\":\"arn:aws:lambda:us-east-1:012345678912:function:f\"}", "[]", "\"text\"");
        for (String event : bad) {
            Result result = Lambda.invoke(event);

            assertThat(result.errorType()).as(event).isEqualTo("dev.extendcancel.error.InvalidRunRequest");
            assertThat(result.errorMessage()).as(event).isNotBlank();
        }
        assertThat(extendCalls()).isEmpty();
        stepFunctions.verify(0, anyRequestedFor(anyUrl()));
    }

    /** The batch cancel's listings of an empty batch (the simulator lists nothing). */
    static final String BATCH_LISTING_PENDING = "GET /workflow_runs?batchId=batch_mine&status=PENDING&maxPageSize=1000";
    static final String BATCH_LISTING_PROCESSING = "GET /workflow_runs?batchId=batch_mine&status=PROCESSING&maxPageSize=1000";

    private List<String> extendCalls() {
        return wiremock.getServeEvents().stream()
                .map(event -> event.getRequest().getMethod() + " " + event.getRequest().getUrl()).toList();
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** Execution data is stored as JSON text; this checks the literal is JSON and returns it. */
    static String json(String text) {
        try {
            return JSON.readTree(text).toString();
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The text as a JSON string literal (JSON inside a string, as Lambda results and HTTP bodies carry it). */
    static String quoted(String text) {
        return JSON.getNodeFactory().textNode(text).toString();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode page(History history) {
        var body = JSON.createObjectNode();
        history.events().forEach(body.putArray("events")::add);
        return body;
    }
}
