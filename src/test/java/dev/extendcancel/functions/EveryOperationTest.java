package dev.extendcancel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.extendcancel.error.RunNotFound;
import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.AwsEvents;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each of the six functions calls its own Extend endpoint and returns a run with id, object and status at the top,
 * for a direct invocation and for its HTTP route. (Selecting each one with QUARKUS_FUNQY_EXPORT, in a fresh process
 * as Lambda does, is proven on the packaged function.zip by PackagedFunctionIT.)
 */
@QuarkusTest
@ConnectWireMock
class EveryOperationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CancelFunctions functions;

    WireMock wiremock;

    @BeforeEach
    void resetExtend() {
        ExtendStubs.reset(wiremock);
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                operation("cancelProcessorRun", CancelFunctions::cancelProcessorRun, "processor-runs", "processor_runs",
                        "document_processor_run"),
                operation("cancelWorkflowRun", CancelFunctions::cancelWorkflowRun, "workflow-runs", "workflow_runs",
                        "workflow_run"),
                operation("cancelExtractRun", CancelFunctions::cancelExtractRun, "extract-runs", "extract_runs", "extract_run"),
                operation("cancelClassifyRun", CancelFunctions::cancelClassifyRun, "classify-runs", "classify_runs",
                        "classify_run"),
                operation("cancelSplitRun", CancelFunctions::cancelSplitRun, "split-runs", "split_runs", "split_run"),
                operation("cancelParseRun", CancelFunctions::cancelParseRun, "parse-runs", "parse_runs", "parse_run"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void cancelsThroughItsOwnEndpoint(String name, Function function, String route, String collection, String object)
            throws Exception {
        JsonNode direct = function.call(functions, JSON.readTree("{\"id\":\"run_op_1\"}"));
        JsonNode http = function.call(functions, AwsEvents.httpApiV2(route, "run_op_2"));

        assertThat(direct.path("id").asText()).isEqualTo("run_op_1");
        assertThat(direct.path("object").asText()).isEqualTo(object);
        assertThat(direct.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(direct.path("simulator").isObject()).as("fields unknown to us pass through").isTrue();
        assertThat(http.path("statusCode").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(http.path("body").asText()).path("id").asText()).isEqualTo("run_op_2");
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/" + collection + "/run_op_1/cancel")));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/" + collection + "/run_op_2/cancel")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void reportsAMissingRunByName(String name, Function function, String route, String collection, String object) {
        ObjectNode event = JSON.createObjectNode().put("id", "run_missing_op");

        assertThatThrownBy(() -> function.call(functions, event)).isInstanceOf(RunNotFound.class)
                .hasMessageContaining("run_missing_op");
    }

    interface Function {
        JsonNode call(CancelFunctions functions, JsonNode event);
    }

    interface Call {
        JsonNode apply(CancelFunctions functions, JsonNode event, Context lambda);
    }

    /** The functions take the Lambda Context second; without one there is no deadline. */
    private static Arguments operation(String name, Call call, String route, String collection, String object) {
        Function function = (functions, event) -> call.apply(functions, event, null);
        return Arguments.of(name, function, route, collection, object);
    }

}
