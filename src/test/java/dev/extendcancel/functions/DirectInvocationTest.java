package dev.extendcancel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.extendcancel.support.ExtendStubs.cancel;
import static dev.extendcancel.support.ExtendStubs.error;
import static dev.extendcancel.support.ExtendStubs.json;
import static dev.extendcancel.support.ExtendStubs.read;
import static dev.extendcancel.support.ExtendStubs.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Direct invocation ({@code {"id": ...}}, as Step Functions sends it) through the real Lambda poll loop. Errors are
 * read where Step Functions reads them: the errorType posted to the Runtime API.
 */
@QuarkusTest
@ConnectWireMock
class DirectInvocationTest {

    WireMock wiremock;

    @BeforeEach
    void resetExtend() {
        ExtendStubs.reset(wiremock);
    }

    @Test
    void returnsTheCancelledRunExactlyAsExtendSentIt() {
        wiremock.register(cancel("workflow_runs", "wr_1").willReturn(json(200, """
                {"object":"workflow_run","id":"wr_1","status":"CANCELLING","fileIds":["f_1"],
                 "futureField":{"nested":{"deep":[1,2.50,{"x":null}]},"flag":true},"cost":1.10}""")));

        Result result = Lambda.invoke("{\"id\":\"wr_1\"}");

        assertThat(result.isError()).isFalse();
        assertThat(result.raw()).isEqualTo(
                "{\"object\":\"workflow_run\",\"id\":\"wr_1\",\"status\":\"CANCELLING\",\"fileIds\":[\"f_1\"],"
                        + "\"futureField\":{\"nested\":{\"deep\":[1,2.50,{\"x\":null}]},\"flag\":true},\"cost\":1.10}");
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/workflow_runs/wr_1/cancel")));
    }

    @Test
    void unwrapsTheLegacyWorkflowEnvelope() {
        wiremock.register(cancel("workflow_runs", "workflow_run_legacy").willReturn(json(200, """
                {"success":true,"workflowRun":{"object":"workflow_run","id":"workflow_run_legacy",
                 "status":"CANCELLED","outputs":[{"unknown":{"kept":"yes"}}]}}""")));

        Result result = Lambda.invoke("{\"id\":\"workflow_run_legacy\"}");

        assertThat(result.body().path("id").asText()).isEqualTo("workflow_run_legacy");
        assertThat(result.body().path("object").asText()).isEqualTo("workflow_run");
        assertThat(result.body().path("success").isMissingNode()).isTrue();
        assertThat(result.body().at("/outputs/0/unknown/kept").asText()).isEqualTo("yes");
    }

    @Test
    void cancellingTwiceSucceedsTwice() {
        // the simulator refuses a second cancel as Extend does (400) and shows the run CANCELLED
        Result first = Lambda.invoke("{\"id\":\"wr_already_cancelled\"}");
        Result second = Lambda.invoke("{\"id\":\"wr_already_cancelled\"}");

        assertThat(first.isError()).isFalse();
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.body().path("status").asText()).isEqualTo("CANCELLED");
        wiremock.verifyThat(2, getRequestedFor(urlPathEqualTo("/workflow_runs/wr_already_cancelled")));
    }

    @Test
    void aFinishedRunIsNotCancellableAndNamesItsStatus() {
        Result result = Lambda.invoke("{\"id\":\"wr_finished_1\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.RunNotCancellable");
        assertThat(result.errorMessage()).contains("wr_finished_1", "PROCESSED", "INVALID_REQUEST", "req_sim_finished");
    }

    @Test
    void aRunThatFinishedBeforeTheCancelReachedItIsNotCancellable() {
        wiremock.register(cancel("workflow_runs", "wr_raced").willReturn(run("workflow_run", "wr_raced", "FAILED")));

        assertThat(Lambda.invoke("{\"id\":\"wr_raced\"}").errorType())
                .isEqualTo("dev.extendcancel.error.RunNotCancellable");
    }

    @Test
    void aCancelAcceptedButNotShownIsNotASuccess() {
        wiremock.register(cancel("workflow_runs", "wr_slow").willReturn(run("workflow_run", "wr_slow", "PROCESSING")));

        Result result = Lambda.invoke("{\"id\":\"wr_slow\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExtendUnavailable");
        assertThat(result.errorMessage()).contains("still PROCESSING");
    }

    @Test
    void aRefusalOfARunStillInFlightIsReportedAsExtendsRefusal() {
        wiremock.register(cancel("workflow_runs", "wr_odd").willReturn(error(400, "INVALID_REQUEST", "bad header")));
        wiremock.register(read("workflow_runs", "wr_odd").willReturn(run("workflow_run", "wr_odd", "PROCESSING")));

        Result result = Lambda.invoke("{\"id\":\"wr_odd\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExtendRejectedRequest");
        assertThat(result.errorMessage()).contains("bad header", "INVALID_REQUEST");
    }

    @Test
    void anUnknownRunIsRunNotFound() {
        Result result = Lambda.invoke("{\"id\":\"wr_missing_7\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.RunNotFound");
        assertThat(result.errorMessage()).contains("wr_missing_7", "NOT_FOUND", "req_sim_missing");
    }

    @Test
    void anAnswerAboutAnotherRunIsNeverASuccess() {
        wiremock.register(cancel("workflow_runs", "wr_mine").willReturn(run("workflow_run", "wr_other", "CANCELLED")));

        assertThat(Lambda.invoke("{\"id\":\"wr_mine\"}").errorType())
                .isEqualTo("dev.extendcancel.error.ExtendUnavailable");
    }

    @Test
    void unknownFieldsOfTheEventAreIgnored() {
        Result result = Lambda.invoke("{\"id\":\"wr_2\",\"executionName\":\"abc\",\"nested\":{\"x\":1}}");

        assertThat(result.isError()).isFalse();
        assertThat(result.body().path("id").asText()).isEqualTo("wr_2");
    }

    @Test
    void keepsServingAfterAnError() {
        assertThat(Lambda.invoke("{\"id\":\"../x\"}").errorType()).isEqualTo("dev.extendcancel.error.InvalidRunRequest");
        assertThat(Lambda.invoke("{\"id\":\"wr_after_error\"}").isError()).isFalse();
    }
}
