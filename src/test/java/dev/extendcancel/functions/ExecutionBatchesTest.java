package dev.extendcancel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.extendcancel.support.ExtendStubs.json;
import static dev.extendcancel.support.StepFunctionsApi.serveHistory;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import dev.extendcancel.support.StepFunctionsApi.History;
import dev.extendcancel.support.StepFunctionsStandIn;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The batches an execution saw ({"batchId"} without "object", the answer of Batch Run Workflow), cancelled by
 * cancelExecutionRuns with the batch cancel of cancelWorkflowBatch: listed, each in-flight run cancelled, done when a
 * fresh listing shows none; a batch still in flight fails the invocation after everything else, so it runs again.
 */
@QuarkusTest
@TestProfile(ExecutionRunsProfile.class)
@QuarkusTestResource(value = StepFunctionsStandIn.class, restrictToAnnotatedClass = true)
@ConnectWireMock
class ExecutionBatchesTest {

    static final String ARN = "arn:aws:states:eu-west-1:210987654321:execution:pipeline:batch-42";

    WireMock wiremock;
    WireMockServer stepFunctions = StepFunctionsStandIn.server();

    @BeforeEach
    void reset() {
        ExtendStubs.reset(wiremock);
        stepFunctions.resetAll();
    }

    @Test
    void cancelsTheInFlightRunsOfABatchTheExecutionStarted() {
        // PROCESSING lists wr_b1 until it is cancelled, then nothing; PENDING lists nothing
        wiremock.register(listing("batch_1", "PENDING").willReturn(json(200, "{\"object\":\"list\",\"data\":[]}")));
        wiremock.register(listing("batch_1", "PROCESSING").inScenario("batch").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"object\":\"list\",\"data\":[{\"object\":\"workflow_run\",\"id\":\"wr_b1\","
                        + "\"status\":\"PROCESSING\",\"batchId\":\"batch_1\"}]}"))
                .willSetStateTo("cancelled"));
        wiremock.register(listing("batch_1", "PROCESSING").inScenario("batch").whenScenarioStateIs("cancelled")
                .willReturn(json(200, "{\"object\":\"list\",\"data\":[]}")));
        History history = new History()
                .taskSucceeded("http", "invoke", "{\"StatusCode\":200,\"ResponseBody\":{\"batchId\":\"batch_1\"}}")
                .stateExited("Task", "Single", "{\"object\":\"extract_run\",\"id\":\"exr_single\"}")
                .executionAborted();
        serveHistory(stepFunctions, ARN, history.events(), 1000);

        Result result = Lambda.invoke("{\"executionArn\":\"" + ARN + "\"}");

        assertThat(result.isError()).as(result.raw()).isFalse();
        JsonNode answer = result.body();
        assertThat(answer.path("runsFound").asInt()).isEqualTo(1);
        assertThat(answer.path("cancelled").get(0).asText()).isEqualTo("exr_single");
        JsonNode batch = answer.path("batches").get(0);
        assertThat(batch.path("batchId").asText()).isEqualTo("batch_1");
        assertThat(batch.path("cancelled").asInt()).isEqualTo(1);
        assertThat(batch.path("done").asBoolean()).isTrue();
        assertThat(extendCalls()).contains("POST /extract_runs/exr_single/cancel", "POST /workflow_runs/wr_b1/cancel")
                .filteredOn(call -> call.startsWith("POST")).hasSize(2);
    }

    @Test
    void aBatchStillInFlightFailsTheInvocationAfterEverythingElse() {
        wiremock.register(listing("batch_stuck", "PENDING").willReturn(json(200, "{\"object\":\"list\",\"data\":[]}")));
        // Extend accepts the cancel but the run stays PROCESSING in every listing
        wiremock.register(listing("batch_stuck", "PROCESSING").willReturn(json(200, "{\"object\":\"list\",\"data\":"
                + "[{\"object\":\"workflow_run\",\"id\":\"wr_stuck\",\"status\":\"PROCESSING\",\"batchId\":\"batch_stuck\"}]}")));
        History history = new History()
                .stateExited("Task", "Batch", "{\"batchId\":\"batch_stuck\"}")
                .stateExited("Task", "Single", "{\"object\":\"parse_run\",\"id\":\"pr_single\"}")
                .executionAborted();
        serveHistory(stepFunctions, ARN, history.events(), 1000);

        Result result = Lambda.invoke("{\"executionArn\":\"" + ARN + "\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExtendUnavailable");
        assertThat(result.errorMessage()).contains("1 cancelled", "batches not done: batch_stuck", "retried");
        assertThat(extendCalls()).contains("POST /parse_runs/pr_single/cancel");
    }

    private static MappingBuilder listing(String batchId, String status) {
        return get(urlPathEqualTo("/workflow_runs")).withQueryParam("batchId", equalTo(batchId))
                .withQueryParam("status", equalTo(status)).atPriority(1);
    }

    private List<String> extendCalls() {
        List<String> calls = new ArrayList<>();
        wiremock.getServeEvents().forEach(e -> calls.add(e.getRequest().getMethod() + " " + e.getRequest().getUrl()));
        return calls;
    }
}
