package dev.extendcancel.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A corpus of bad events: every one gets InvalidRunRequest (a Lambda error for direct invocations and unknown
 * shapes, a 400 problem for API Gateway events) and Extend is never called.
 */
@QuarkusTest
@ConnectWireMock
class BadInputTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] BAD_IDS = { "", " ", "../x", "a/b", "%2F", "wr%2F1", "wr 1", "wr\t1", "wr\n1",
            "wr_1\r\nX-Injected: yes", "wr_é", "wr_😀", "ｗｒ_1", "wr_1?x=1", "wr_1#f", "wr_1;x", ".", "..", "wr.1",
            "wr:1", "wr\u00001", "wr_1%00", "x".repeat(256), "y".repeat(10_000) };

    WireMock wiremock;

    @BeforeEach
    void resetExtend() {
        ExtendStubs.reset(wiremock);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("corpus")
    void isRejectedWithoutCallingExtend(String name, String event, boolean http) {
        Result result = Lambda.invoke(event);

        if (http) {
            assertThat(result.isError()).as("API Gateway gets an answer, not a Lambda error").isFalse();
            assertThat(result.statusCode()).isEqualTo(400);
            assertThat(result.header("content-type")).isEqualTo("application/problem+json");
            assertThat(result.httpBody().path("error").asText()).isEqualTo("InvalidRunRequest");
            assertThat(result.httpBody().path("status").asInt()).isEqualTo(400);
        } else {
            assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.InvalidRunRequest");
            assertThat(result.errorMessage()).isNotBlank();
        }
        assertThat(wiremock.getServeEvents()).as("calls to Extend").isEmpty();
    }

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        // direct invocation: not an object, malformed, or no valid id
        for (String raw : List.of("{}", "null", "true", "123", "\"wr_1\"", "[]", "[{\"id\":\"wr_1\"}]", "{\"id\":",
                "not json", "{\"id\":\"wr_1\"", "{\"id\":\"wr_1\"} xyz", "{\"id\":\"wr_1\"}{\"id\":\"wr_2\"}", "", "{\"id\":null}", "{\"id\":123}", "{\"id\":1.5}", "{\"id\":true}",
                "{\"id\":[\"wr_1\"]}", "{\"id\":{\"value\":\"wr_1\"}}", "{\"ID\":\"wr_1\"}", "{\"runId\":\"wr_1\"}",
                "{\"Records\":[{\"body\":\"{\\\"id\\\":\\\"wr_1\\\"}\"}]}",
                "{\"id\":\"wr_1\",\"workspaceId\":123}", "{\"id\":\"wr_1\",\"workspaceId\":\"ws 1\"}",
                "{\"id\":\"wr_1\",\"workspaceId\":\"ws_1\\r\\nX-Injected: yes\"}", "{\"id\":\"wr_1\",\"workspaceId\":\"\"}",
                "{\"id\":\"wr_1\",\"workspaceId\":[\"ws_1\"]}",
                "{\"requestContext\":{\"stage\":\"prod\"},\"id\":\"wr_1\"}",
                "{\"version\":\"2.0\",\"requestContext\":{},\"pathParameters\":{\"id\":\"wr_1\"}}")) {
            cases.add(Arguments.of("direct " + abbreviate(raw), raw, false));
        }
        for (String id : BAD_IDS) {
            cases.add(Arguments.of("direct id " + abbreviate(id), JSON.objectNode().put("id", id).toString(), false));
        }
        // API Gateway HTTP API 2.0 and REST API v1: bad path parameter, header injection, missing parts
        for (String id : BAD_IDS) {
            if (!id.isEmpty()) {
                cases.add(http("v2 id " + abbreviate(id), AwsEvents.httpApiV2("workflow-runs", "placeholder"),
                        e -> ((ObjectNode) e.get("pathParameters")).put("id", id)));
            }
        }
        cases.add(http("v1 id unicode", AwsEvents.restApiV1("workflow-runs", "x"),
                e -> ((ObjectNode) e.get("pathParameters")).put("id", "wr_ü")));
        cases.add(http("v1 id traversal", AwsEvents.restApiV1("workflow-runs", "x"),
                e -> ((ObjectNode) e.get("pathParameters")).put("id", "../../admin")));
        cases.add(http("v2 without pathParameters", AwsEvents.httpApiV2("workflow-runs", "x"), e -> e.remove("pathParameters")));
        cases.add(http("v2 empty pathParameters", AwsEvents.httpApiV2("workflow-runs", "x"), e -> e.putObject("pathParameters")));
        cases.add(http("v2 null pathParameters", AwsEvents.httpApiV2("workflow-runs", "x"), e -> e.putNull("pathParameters")));
        cases.add(http("v2 numeric id", AwsEvents.httpApiV2("workflow-runs", "x"),
                e -> ((ObjectNode) e.get("pathParameters")).put("id", 42)));
        cases.add(http("v2 base64 body, no path parameter", AwsEvents.httpApiV2Iam("workflow-runs", "x"), e -> {
            e.remove("pathParameters");
            e.put("isBase64Encoded", true).put("body", "eyJpZCI6IndyXzEifQ==");
        }));
        cases.add(http("v2 CRLF in workspace header", AwsEvents.httpApiV2("workflow-runs", "wr_ok"),
                e -> ((ObjectNode) e.get("headers")).put("x-extend-workspace-id", "ws_1\r\nX-Injected: yes")));
        cases.add(http("v2 unicode workspace header", AwsEvents.httpApiV2("workflow-runs", "wr_ok"),
                e -> ((ObjectNode) e.get("headers")).put("x-extend-workspace-id", "ws_ä")));
        cases.add(http("v1 without pathParameters", AwsEvents.restApiV1("workflow-runs", "x"), e -> e.putNull("pathParameters")));
        cases.add(http("v1 CRLF in multi-value workspace header", AwsEvents.restApiV1("workflow-runs", "wr_ok"),
                e -> ((ObjectNode) e.get("multiValueHeaders")).putArray("x-extend-workspace-id").add("ws\nX: y")));
        cases.add(http("v1 workspace header with spaces", AwsEvents.restApiV1("workflow-runs", "wr_ok"),
                e -> ((ObjectNode) e.get("headers")).put("X-EXTEND-WORKSPACE-ID", "ws 1")));
        return cases.stream();
    }

    private static Arguments http(String name, ObjectNode event, Consumer<ObjectNode> damage) {
        damage.accept(event);
        return Arguments.of(name, event.toString(), true);
    }

    private static String abbreviate(String text) {
        String printable = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t").replace("\u0000", "\\0");
        return printable.length() > 40 ? printable.substring(0, 40) + "...(" + text.length() + ")" : printable;
    }
}
