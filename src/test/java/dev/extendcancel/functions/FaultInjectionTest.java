package dev.extendcancel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.extendcancel.support.ExtendStubs.cancel;
import static dev.extendcancel.support.ExtendStubs.error;
import static dev.extendcancel.support.ExtendStubs.json;
import static dev.extendcancel.support.ExtendStubs.read;
import static dev.extendcancel.support.ExtendStubs.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Extend misbehaving for real, on loopback: for each fault, the exact error name and HTTP status, how many calls
 * Extend saw (retries: 3 attempts, 2 s each, in the test profile), and that the function serves the next invocation.
 */
@QuarkusTest
@ConnectWireMock
class FaultInjectionTest {

    private static final String RUN = "wr_fault";
    private static final String HTML = "<html><body><h1>502 Bad Gateway</h1><p>cloudfront</p></body></html>";

    WireMock wiremock;

    @BeforeEach
    void resetExtend() {
        ExtendStubs.reset(wiremock);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}, {3} calls")
    @MethodSource("faults")
    void faultGivesTheContractOutcome(String fault, String error, int status, int calls,
            BiConsumer<WireMock, String> stub) {
        stub.accept(wiremock, RUN);

        Result result = Lambda.invoke(AwsEvents.httpApiV2("workflow-runs", RUN));

        assertThat(result.isError()).isFalse();
        assertThat(result.statusCode()).isEqualTo(status);
        if (error == null) {
            assertThat(result.httpBody().path("id").asText()).isEqualTo(RUN);
            assertThat(result.httpBody().path("status").asText()).isEqualTo("CANCELLED");
        } else {
            assertThat(result.httpBody().path("error").asText()).isEqualTo(error);
            assertThat(result.httpBody().path("runId").asText()).isEqualTo(RUN);
        }
        assertThat(wiremock.getServeEvents()).as("calls Extend saw").hasSize(calls);

        wiremock.resetRequests();
        Result next = Lambda.invoke("{\"id\":\"wr_next\"}");
        assertThat(next.isError()).as("the next invocation is served").isFalse();
        assertThat(next.body().path("status").asText()).isEqualTo("CANCELLED");
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                fault("connection reset", "ExtendUnavailable", 503, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)))),
                fault("empty reply", "ExtendUnavailable", 503, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)))),
                fault("body cut off half way", "ExtendUnavailable", 503, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)))),
                fault("garbage then close", "ExtendUnavailable", 503, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)))),
                fault("200 with HTML", "ExtendUnavailable", 503, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(aResponse().withStatus(200)
                                .withHeader("Content-Type", "text/html").withBody(HTML)))),
                fault("502 with HTML", "ExtendUnavailable", 503, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(aResponse().withStatus(502)
                                .withHeader("Content-Type", "text/html").withBody(HTML)))),
                fault("10 MB body", "ExtendUnavailable", 503, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(json(200, "{\"object\":\"workflow_run\",\"id\":\"" + id
                                + "\",\"status\":\"CANCELLED\",\"blob\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}")))),
                fault("slow drip past the attempt timeout", "ExtendUnavailable", 504, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(run("workflow_run", id, "CANCELLED")
                                .withChunkedDribbleDelay(20, 4000)))),
                fault("429 with Retry-After seconds", "ExtendRateLimited", 429, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(error(429, "RATE_LIMIT_EXCEEDED", "slow down")
                                .withHeader("Retry-After", "1")))),
                fault("429 with Retry-After date", "ExtendRateLimited", 429, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(error(429, "RATE_LIMIT_EXCEEDED", "slow down")
                                .withHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME
                                        .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1)))))),
                fault("429 without Retry-After", "ExtendRateLimited", 429, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(error(429, "RATE_LIMIT_EXCEEDED", "slow down")))),
                fault("429 with X-RateLimit-Reset only", "ExtendRateLimited", 429, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(error(429, "RATE_LIMIT_EXCEEDED", "slow down")
                                .withHeader("X-RateLimit-Reset", Long.toString(java.time.Instant.now().getEpochSecond()))))),
                fault("429 asking to wait longer than retries may", "ExtendRateLimited", 429, 1,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(error(429, "RATE_LIMIT_EXCEEDED", "slow down")
                                .withHeader("Retry-After", "3600")))),
                fault("500 then 200", null, 200, 2, FaultInjectionTest::failsOnceThenCancels),
                fault("408 then 200", null, 200, 2, (w, id) -> {
                    w.register(cancel("workflow_runs", id).inScenario("408").whenScenarioStateIs(STARTED)
                            .willReturn(error(408, "TIMEOUT", "request timeout")).willSetStateTo("ok"));
                    w.register(cancel("workflow_runs", id).inScenario("408").whenScenarioStateIs("ok")
                            .willReturn(run("workflow_run", id, "CANCELLED")));
                }),
                fault("500 forever", "ExtendUnavailable", 503, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(error(500, "INTERNAL_ERROR", "boom")))),
                fault("401", "ExtendRejectedRequest", 502, 1,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(error(401, "UNAUTHORIZED", "Invalid API key")))),
                fault("402", "ExtendRejectedRequest", 502, 1,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(error(402, "USAGE_BLOCKED", "Out of credits")))),
                fault("403", "ExtendRejectedRequest", 502, 1,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(error(403, "FORBIDDEN", "Not allowed")))),
                fault("404", "RunNotFound", 404, 1,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(error(404, "NOT_FOUND", "No such run")))),
                fault("422 for a run still processing", "ExtendRejectedRequest", 502, 2, (w, id) -> {
                    w.register(cancel("workflow_runs", id).willReturn(error(422, "INVALID_REQUEST", "semantically invalid")));
                    w.register(read("workflow_runs", id).willReturn(run("workflow_run", id, "PROCESSING")));
                }),
                fault("400 for a run already cancelled", null, 200, 2, (w, id) -> {
                    w.register(cancel("workflow_runs", id).willReturn(error(400, "INVALID_REQUEST", "cannot be cancelled again")));
                    w.register(read("workflow_runs", id).willReturn(run("workflow_run", id, "CANCELLED")));
                }),
                fault("400, then the read is rate limited then answers", null, 200, 3, (w, id) -> {
                    w.register(cancel("workflow_runs", id).willReturn(error(400, "INVALID_REQUEST", "cannot be cancelled again")));
                    w.register(read("workflow_runs", id).inScenario("r").whenScenarioStateIs(STARTED)
                            .willReturn(error(429, "RATE_LIMIT_EXCEEDED", "slow down").withHeader("Retry-After", "0"))
                            .willSetStateTo("ok"));
                    w.register(read("workflow_runs", id).inScenario("r").whenScenarioStateIs("ok")
                            .willReturn(run("workflow_run", id, "CANCELLED")));
                }),
                fault("legacy {error: string} 404", "RunNotFound", 404, 1,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(json(404, "{\"error\":\"Workflow run not found\"}")))),
                fault("legacy {success: false} 401", "ExtendRejectedRequest", 502, 1,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(json(401, "{\"success\":false,\"error\":\"Invalid API key\"}")))),
                fault("wrapped {error: {...}} 403", "ExtendRejectedRequest", 502, 1,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(json(403,
                                "{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"Key not allowed\",\"requestId\":\"req_wrapped\"}}")))),
                fault("3xx redirect is not followed", "ExtendUnavailable", 503, 3,
                        (w, id) -> w.register(cancel("workflow_runs", id).willReturn(aResponse().withStatus(307)
                                .withHeader("Location", "http://127.0.0.2:9/steal")))));
    }

    @Test
    void legacyShapesKeepExtendsCodeAndRequestId() {
        wiremock.register(cancel("workflow_runs", RUN).willReturn(json(403,
                "{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"Key not allowed\",\"requestId\":\"req_wrapped\"}}")));

        Result result = Lambda.invoke(AwsEvents.httpApiV2("workflow-runs", RUN));

        assertThat(result.httpBody().path("extendCode").asText()).isEqualTo("FORBIDDEN");
        assertThat(result.httpBody().path("extendRequestId").asText()).isEqualTo("req_wrapped");
        assertThat(result.httpBody().path("detail").asText()).contains("Key not allowed", "403");
    }

    @Test
    void theRequestIdHeaderIsUsedWhenTheBodyHasNone() {
        wiremock.register(cancel("workflow_runs", RUN).willReturn(json(404, "{\"error\":\"gone\"}")
                .withHeader("x-extend-request-id", "req_from_header")));

        Result result = Lambda.invoke("{\"id\":\"" + RUN + "\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.RunNotFound");
        assertThat(result.errorMessage()).contains("req_from_header", RUN);
    }

    @Test
    void rateLimitedTellsHttpCallersWhenToRetry() {
        wiremock.register(cancel("workflow_runs", RUN).willReturn(error(429, "RATE_LIMIT_EXCEEDED", "slow down")
                .withHeader("Retry-After", "7")));

        Result result = Lambda.invoke(AwsEvents.httpApiV2("workflow-runs", RUN));

        assertThat(result.statusCode()).isEqualTo(429);
        assertThat(result.header("retry-after")).isEqualTo("7");
    }

    @Test
    void directInvocationReportsTheRetryableErrorNames() {
        wiremock.register(cancel("workflow_runs", RUN).willReturn(error(500, "INTERNAL_ERROR", "boom")));
        assertThat(Lambda.invoke("{\"id\":\"" + RUN + "\"}").errorType()).isEqualTo("dev.extendcancel.error.ExtendUnavailable");

        wiremock.register(cancel("workflow_runs", RUN).willReturn(error(429, "RATE_LIMIT_EXCEEDED", "x").withHeader("Retry-After", "0")));
        Result limited = Lambda.invoke("{\"id\":\"" + RUN + "\"}");
        assertThat(limited.errorType()).isEqualTo("dev.extendcancel.error.ExtendRateLimited");
        assertThat(limited.errorMessage()).contains("RATE_LIMIT_EXCEEDED", RUN, "3 attempts");
    }

    private static void failsOnceThenCancels(WireMock wiremock, String id) {
        wiremock.register(cancel("workflow_runs", id).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(error(500, "INTERNAL_ERROR", "boom")).willSetStateTo("recovered"));
        wiremock.register(cancel("workflow_runs", id).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(run("workflow_run", id, "CANCELLED")));
    }

    private static Arguments fault(String name, String error, int status, int calls, BiConsumer<WireMock, String> stub) {
        return Arguments.of(name, error, status, calls, stub);
    }
}
