package dev.extendcancel.functions;

import static dev.extendcancel.functions.ExecutionRunsTest.BATCH_LISTING_PENDING;
import static dev.extendcancel.functions.ExecutionRunsTest.BATCH_LISTING_PROCESSING;
import static dev.extendcancel.functions.ExecutionRunsTest.SAMPLE_ARN;
import static dev.extendcancel.functions.ExecutionRunsTest.texts;
import static dev.extendcancel.support.StepFunctionsApi.serveHistory;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import dev.extendcancel.support.StepFunctionsStandIn;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * cancelExecutionRuns with EXTEND_CLEANUP_OWNED_ONLY=true: only runs whose metadata names the stopped execution are
 * cancelled; an untagged run it started is reported as notOwned and left alone; its batch is still cancelled (a
 * batch's create answer carries no metadata).
 */
@QuarkusTest
@TestProfile(ExecutionRunsOwnedOnlyProfile.class)
@QuarkusTestResource(value = StepFunctionsStandIn.class, restrictToAnnotatedClass = true)
@ConnectWireMock
class ExecutionRunsOwnedOnlyTest {

    WireMock wiremock;
    WireMockServer stepFunctions = StepFunctionsStandIn.server();

    @BeforeEach
    void reset() {
        ExtendStubs.reset(wiremock);
        stepFunctions.resetAll();
    }

    @Test
    void cancelsOnlyTheRunsTaggedWithThisExecution() {
        serveHistory(stepFunctions, SAMPLE_ARN, ExecutionRunsTest.monitoringHistory(SAMPLE_ARN).events(), 1000);

        Result result = Lambda.invoke(AwsEvents.raw("sfn-execution-status-change-aborted.json"));

        assertThat(result.isError()).as(result.raw()).isFalse();
        JsonNode answer = result.body();
        assertThat(answer.path("runsFound").asInt()).isEqualTo(1);
        assertThat(texts(answer.path("cancelled"))).containsExactly("wr_mine");
        assertThat(answer.path("skipped").toString()).isEqualTo("[{\"runId\":\"exr_untagged\",\"reason\":\"notOwned\"},"
                + "{\"runId\":\"wr_other_1\",\"reason\":\"listed\"},{\"runId\":\"wr_other_2\",\"reason\":\"listed\"},"
                + "{\"runId\":\"clr_other_3\",\"reason\":\"listed\"},{\"runId\":\"splr_other_4\",\"reason\":\"listed\"},"
                + "{\"runId\":\"wr_theirs\",\"reason\":\"otherExecution\"}]");
        assertThat(answer.path("batches").get(0).path("batchId").asText()).isEqualTo("batch_mine");
        assertThat(wiremock.getServeEvents().stream()
                .map(event -> event.getRequest().getMethod() + " " + event.getRequest().getUrl()))
                .containsExactlyInAnyOrder("POST /workflow_runs/wr_mine/cancel", BATCH_LISTING_PENDING,
                        BATCH_LISTING_PROCESSING);
    }
}
