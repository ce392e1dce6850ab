package dev.extendcancel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.extendcancel.support.ExtendStubs.cancel;
import static dev.extendcancel.support.ExtendStubs.error;
import static dev.extendcancel.support.ExtendStubs.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;

/** API Gateway events (AWS's own samples, routes rewritten): HTTP statuses and problem+json, never a thrown error. */
@QuarkusTest
@ConnectWireMock
class ApiGatewayTest {

    WireMock wiremock;

    @BeforeEach
    void resetExtend() {
        ExtendStubs.reset(wiremock);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("HTTP API 2.0", (BiFunction<String, String, ObjectNode>) AwsEvents::httpApiV2),
                Arguments.of("HTTP API 2.0 with IAM", (BiFunction<String, String, ObjectNode>) AwsEvents::httpApiV2Iam),
                Arguments.of("REST API v1", (BiFunction<String, String, ObjectNode>) AwsEvents::restApiV1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void successIs200WithTheRunAsJson(String shape, BiFunction<String, String, ObjectNode> event) {
        wiremock.register(cancel("workflow_runs", "wr_http").willReturn(json(200,
                "{\"object\":\"workflow_run\",\"id\":\"wr_http\",\"status\":\"CANCELLED\",\"extra\":{\"a\":[1]}}")));

        Result result = Lambda.invoke(event.apply("workflow-runs", "wr_http"));

        assertThat(result.isError()).isFalse();
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.header("content-type")).isEqualTo("application/json");
        assertThat(result.body().path("isBase64Encoded").asBoolean(true)).isFalse();
        assertThat(result.rawHttpBody())
                .isEqualTo("{\"object\":\"workflow_run\",\"id\":\"wr_http\",\"status\":\"CANCELLED\",\"extra\":{\"a\":[1]}}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void errorsAreProblemJsonWithTheContractStatus(String shape, BiFunction<String, String, ObjectNode> event) {
        Result result = Lambda.invoke(event.apply("workflow-runs", "wr_missing_http"));

        assertThat(result.isError()).as("an HTTP error is an answer, not a Lambda error").isFalse();
        assertThat(result.statusCode()).isEqualTo(404);
        assertThat(result.header("content-type")).isEqualTo("application/problem+json");
        JsonNode problem = result.httpBody();
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("title").asText()).isEqualTo("Run not found");
        assertThat(problem.path("error").asText()).isEqualTo("RunNotFound");
        assertThat(problem.path("runId").asText()).isEqualTo("wr_missing_http");
        assertThat(problem.path("extendCode").asText()).isEqualTo("NOT_FOUND");
        assertThat(problem.path("extendRequestId").asText()).isEqualTo("req_sim_missing");
        assertThat(problem.path("detail").asText()).contains("wr_missing_http");
    }

    @Test
    void workspaceComesFromTheHeaderCaseInsensitivelyInV1() {
        ObjectNode event = AwsEvents.restApiV1("workflow-runs", "wr_ws");
        ((ObjectNode) event.get("headers")).put("X-Extend-Workspace-Id", "ws_abc");
        ((ObjectNode) event.get("multiValueHeaders")).putArray("X-Extend-Workspace-Id").add("ws_abc");

        assertThat(Lambda.invoke(event).statusCode()).isEqualTo(200);
        wiremock.verifyThat(postRequestedFor(urlPathEqualTo("/workflow_runs/wr_ws/cancel"))
                .withHeader("x-extend-workspace-id", equalTo("ws_abc")));
    }

    @Test
    void workspaceComesFromTheHeaderInV2() {
        ObjectNode event = AwsEvents.httpApiV2("workflow-runs", "wr_ws2");
        ((ObjectNode) event.get("headers")).put("x-extend-workspace-id", "ws_v2");

        assertThat(Lambda.invoke(event).statusCode()).isEqualTo(200);
        wiremock.verifyThat(postRequestedFor(urlPathEqualTo("/workflow_runs/wr_ws2/cancel"))
                .withHeader("x-extend-workspace-id", equalTo("ws_v2")));
    }

    @Test
    void notCancellableIs409() {
        Result result = Lambda.invoke(AwsEvents.httpApiV2("workflow-runs", "wr_finished_http"));

        assertThat(result.statusCode()).isEqualTo(409);
        assertThat(result.httpBody().path("error").asText()).isEqualTo("RunNotCancellable");
        assertThat(result.httpBody().path("detail").asText()).contains("PROCESSED");
    }

    @Test
    void extendRejectionIs502() {
        wiremock.register(cancel("workflow_runs", "wr_nokey").willReturn(error(401, "UNAUTHORIZED", "Invalid key")));

        Result result = Lambda.invoke(AwsEvents.httpApiV2("workflow-runs", "wr_nokey"));

        assertThat(result.statusCode()).isEqualTo(502);
        assertThat(result.httpBody().path("error").asText()).isEqualTo("ExtendRejectedRequest");
        assertThat(result.httpBody().path("extendCode").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void aMissingPathParameterIs400WithoutCallingExtend() {
        ObjectNode event = AwsEvents.load("apigw-v2-request-no-authorizer.json");

        Result result = Lambda.invoke(event);

        assertThat(result.statusCode()).isEqualTo(400);
        assertThat(result.httpBody().path("error").asText()).isEqualTo("InvalidRunRequest");
        assertThat(wiremock.getServeEvents()).isEmpty();
    }
}
