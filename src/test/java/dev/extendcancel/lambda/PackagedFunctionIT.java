package dev.extendcancel.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.ExtendBatchStub;
import dev.extendcancel.support.InvocationLines;
import dev.extendcancel.support.PackagedFunction;
import dev.extendcancel.support.RuntimeApiEmulator;
import dev.extendcancel.support.RuntimeApiEmulator.Outcome;
import dev.extendcancel.support.SecretsExtensionStub;

/**
 * The packaged function.zip, started as AWS Lambda starts it (JVM: AWS's runtime interface client with the README's
 * handler; native: the bootstrap executable), fed events through a loopback Runtime API that sends real deadlines,
 * with WireMock as Extend. Run by Failsafe after {@code package}, so in a native build it runs against the native
 * binary.
 */
class PackagedFunctionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk_it_SECRET_0b5e55ed";

    private static WireMockServer extend;

    @BeforeAll
    static void startExtend() {
        extend = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        extend.start();
        String run = "{\"object\":\"{{replace request.pathSegments.[0] '_runs' '_run'}}\",\"id\":\"{{request.pathSegments.[1]}}\","
                + "\"status\":\"CANCELLED\",\"unknownField\":{\"nested\":[1,{\"kept\":true}]}}";
        extend.stubFor(post(urlPathMatching("/[a-z]+_runs/[A-Za-z0-9_-]+/cancel")).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(run)
                        .withTransformers("response-template")));
        extend.stubFor(any(urlPathMatching(".*missing.*")).atPriority(1).willReturn(problem(404, "NOT_FOUND")));
        extend.stubFor(post(urlPathMatching(".*finished.*")).atPriority(1).willReturn(problem(400, "INVALID_REQUEST")));
        extend.stubFor(get(urlPathMatching(".*finished.*")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"workflow_run\",\"id\":\"wr_finished\",\"status\":\"PROCESSED\"}")));
        extend.stubFor(any(urlPathMatching(".*denied.*")).atPriority(1).willReturn(problem(401, "UNAUTHORIZED")));
        extend.stubFor(any(urlPathMatching(".*limited.*")).atPriority(1)
                .willReturn(problem(429, "RATE_LIMIT_EXCEEDED").withHeader("Retry-After", "0")));
        extend.stubFor(any(urlPathMatching(".*broken.*")).atPriority(1).willReturn(problem(500, "INTERNAL_ERROR")));
        extend.stubFor(any(urlPathMatching(".*hanging.*")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(30_000)));
    }

    @AfterAll
    static void stopExtend() {
        extend.stop();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "cancelProcessorRun, processor_runs", "cancelWorkflowRun, workflow_runs", "cancelExtractRun, extract_runs",
            "cancelClassifyRun, classify_runs", "cancelSplitRun, split_runs", "cancelParseRun, parse_runs" })
    void eachLambdaServesTheOperationItsExportNames(String function, String collection) throws Exception {
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator();
                PackagedFunction lambda = PackagedFunction.start(function, environment(runtime, function))) {
            Outcome outcome = runtime.invoke("{\"id\":\"run_" + function + "\"}");

            assertThat(outcome.isError()).as(outcome.body()).isFalse();
            JsonNode run = JSON.readTree(outcome.body());
            assertThat(run.path("id").asText()).isEqualTo("run_" + function);
            assertThat(run.path("status").asText()).isEqualTo("CANCELLED");
            assertThat(run.at("/unknownField/nested/1/kept").asBoolean()).as("unknown fields pass through").isTrue();
            assertThat(extend.findAll(postRequestedFor(
                    urlPathEqualTo("/" + collection + "/run_" + function + "/cancel")))).hasSize(1);
        }
    }

    @Test
    void everyErrorNameReachesTheRuntimeApiAsTheErrorType() throws Exception {
        Map<String, String> env = environment(null, "cancelWorkflowRun");
        env.put("EXTEND_ALLOWED_WORKSPACE_IDS", "ws_ok");
        env.put("EXTEND_MAX_ATTEMPTS", "2");
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("errors", env)) {
                Map<String, String> cases = Map.of(
                        "{\"id\":\"a/b\"}", "InvalidRunRequest",
                        "{\"id\":\"wr_1\",\"workspaceId\":\"ws_other\"}", "WorkspaceNotAllowed",
                        "{\"id\":\"wr_missing\"}", "RunNotFound",
                        "{\"id\":\"wr_finished\"}", "RunNotCancellable",
                        "{\"id\":\"wr_denied\"}", "ExtendRejectedRequest",
                        "{\"id\":\"wr_limited\"}", "ExtendRateLimited",
                        "{\"id\":\"wr_broken\"}", "ExtendUnavailable");
                for (var entry : cases.entrySet()) {
                    Outcome outcome = runtime.invoke(entry.getKey());

                    assertThat(outcome.isError()).as(entry.getKey()).isTrue();
                    JsonNode error = JSON.readTree(outcome.body());
                    assertThat(error.path("errorType").asText()).as(entry.getKey())
                            .isEqualTo("dev.extendcancel.error." + entry.getValue());
                    assertThat(error.path("errorMessage").asText()).as(entry.getKey()).isNotBlank().doesNotContain(KEY);
                }
                assertThat(runtime.invoke("{\"id\":\"wr_after_errors\"}").isError()).as("still serving").isFalse();
                assertThat(lambda.log()).doesNotContain(KEY);
                assertOneStructuredLinePerInvocation(lambda.log(), cases.size() + 1);
            }
        }
    }

    @Test
    void apiGatewayEventsGetHttpAnswers() throws Exception {
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator();
                PackagedFunction lambda = PackagedFunction.start("http", environment(runtime, "cancelWorkflowRun"))) {
            JsonNode ok = JSON.readTree(runtime.invoke(AwsEvents.httpApiV2("workflow-runs", "wr_http").toString()).body());
            JsonNode missing = JSON.readTree(runtime.invoke(AwsEvents.restApiV1("workflow-runs", "wr_missing").toString()).body());

            assertThat(ok.path("statusCode").asInt()).isEqualTo(200);
            assertThat(JSON.readTree(ok.path("body").asText()).at("/unknownField/nested/1/kept").asBoolean()).isTrue();
            assertThat(missing.path("statusCode").asInt()).isEqualTo(404);
            assertThat(missing.at("/headers/content-type").asText()).isEqualTo("application/problem+json");
            assertThat(JSON.readTree(missing.path("body").asText()).path("error").asText()).isEqualTo("RunNotFound");
        }
    }

    @Test
    void answersBeforeTheDeadlineWhenExtendHangs() throws Exception {
        Map<String, String> env = environment(null, "cancelWorkflowRun");
        env.put("EXTEND_TIMEOUT", "10s");
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("deadline", env)) {
                runtime.invoke("{\"id\":\"wr_warm_up\"}");

                Outcome outcome = runtime.invoke("{\"id\":\"wr_hanging\"}", Duration.ofSeconds(3), Duration.ofSeconds(10));

                assertThat(outcome.elapsed()).isLessThan(Duration.ofSeconds(3));
                JsonNode error = JSON.readTree(outcome.body());
                assertThat(error.path("errorType").asText()).isEqualTo("dev.extendcancel.error.ExtendUnavailable");
                assertThat(error.path("errorMessage").asText()).contains("did not answer in time", "wr_hanging");
            }
        }
    }

    /**
     * Pages so small (2 runs) that listing the whole batch would take longer than an invocation (300 pages at 100
     * requests/s against 3 s deadlines): each invocation lists only what it can cancel and cancels it, so the batch
     * is still done after a few invocations instead of being listed again and again.
     */
    @Test
    void aBatchTooLargeToListInOneInvocationIsCancelledFromItsFirstPages() throws Exception {
        try (ExtendBatchStub batch = new ExtendBatchStub(); RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            batch.seed("bsmall", 600, "PENDING");
            batch.maxPageSize(2);
            try (PackagedFunction lambda = PackagedFunction.start("batch-small-pages", batchEnvironment(runtime, batch))) {
                List<JsonNode> answers = invokeUntilDone(runtime, "bsmall");
                assertThat(answers.subList(1, answers.size() - 1)).as("every invocation between the cold one and the last cancels")
                        .allSatisfy(a -> assertThat(a.path("cancelled").asInt() + a.path("alreadyStopped").asInt())
                                .as(answers.toString()).isPositive());
                assertThat(answers.stream().mapToInt(a -> a.path("cancelled").asInt()).sum()).isEqualTo(600);
                assertThat(batch.inFlight("bsmall")).isZero();
                assertThat(batch.confirmedCancels()).hasSize(600);
            }
        }
    }

    /**
     * A batch larger than one invocation can finish (3 s deadlines, 100 requests/s): every invocation answers before
     * its deadline with what is left, and invoking again until done leaves nothing of the batch in flight.
     */
    @Test
    void aBatchLargerThanOneInvocationIsCancelledCompletelyAcrossInvocations() throws Exception {
        try (ExtendBatchStub batch = new ExtendBatchStub(); RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            batch.seed("bpkg", 450, "PENDING");
            batch.seed("bpkg", 150, "PROCESSING");
            batch.maxPageSize(200);
            try (PackagedFunction lambda = PackagedFunction.start("batch", batchEnvironment(runtime, batch))) {
                List<JsonNode> answers = invokeUntilDone(runtime, "bpkg");
                assertThat(answers).as("more than one invocation was needed").hasSizeGreaterThan(1);
                assertThat(answers.get(0).path("done").asBoolean()).as(answers.toString()).isFalse();
                // each answer says what is left; a cold first invocation may only get as far as listing
                List<Integer> remaining = answers.stream().filter(a -> a.path("remaining").isInt())
                        .map(a -> a.path("remaining").asInt()).toList();
                assertThat(remaining).as(answers.toString()).isSortedAccordingTo((a, b) -> Integer.compare(b, a))
                        .doesNotHaveDuplicates().endsWith(0);
                assertThat(answers.stream().mapToInt(a -> a.path("cancelled").asInt()).sum()).isEqualTo(600);
                assertThat(batch.inFlight("bpkg")).isZero();
                assertThat(batch.confirmedCancels()).hasSize(600);
                assertThat(batch.requests(ExtendBatchStub.cancels())).hasSize(600);

                // the limit held: no more than 100 requests started in any second
                List<Long> at = batch.requests().stream().map(ExtendBatchStub.Request::atNanos).sorted().toList();
                for (int i = 0; i + 101 < at.size(); i++) {
                    assertThat(at.get(i + 101) - at.get(i)).as("101 requests after request " + i)
                            .isGreaterThanOrEqualTo(Duration.ofMillis(990).toNanos());
                }
                List<JsonNode> lines = logLines(lambda.log());
                assertThat(lines).hasSize(answers.size());
                assertThat(lines.getLast().path("function").asText()).isEqualTo("cancelWorkflowBatch");
                assertThat(lines.getLast().path("batchId").asText()).isEqualTo("bpkg");
                assertThat(lines.getLast().path("outcome").asText()).isEqualTo("done");
                assertThat(lines.getFirst().path("outcome").asText()).isEqualTo("partial");
                assertThat(lines.getFirst().path("cancelled").asInt())
                        .isEqualTo(answers.getFirst().path("cancelled").asInt());
            }
        }
    }

    @Test
    void batchErrorsAndHttpAnswersFromThePackagedFunction() throws Exception {
        try (ExtendBatchStub batch = new ExtendBatchStub(); RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            List<String> ids = batch.seed("bhttp", 3, "PENDING");
            batch.stuck(ids.get(1));
            Map<String, String> env = environment(runtime, "cancelWorkflowBatch");
            env.put("EXTEND_BASE_URL", batch.url());
            env.put("EXTEND_MAX_ATTEMPTS", "1");
            try (PackagedFunction lambda = PackagedFunction.start("batch-http", env)) {
                Outcome invalid = runtime.invoke("{\"batchId\":\"a/b\"}");
                assertThat(JSON.readTree(invalid.body()).path("errorType").asText())
                        .isEqualTo("dev.extendcancel.error.InvalidRunRequest");
                assertThat(batch.requests()).isEmpty();

                JsonNode notDone = JSON.readTree(runtime.invoke(
                        AwsEvents.httpApiV2("workflow-batches", "bhttp").toString()).body());
                assertThat(notDone.path("statusCode").asInt()).isEqualTo(202);
                assertThat(JSON.readTree(notDone.path("body").asText()).path("remaining").asInt()).isEqualTo(1);

                JsonNode empty = JSON.readTree(runtime.invoke(
                        AwsEvents.restApiV1("workflow-batches", "bempty").toString()).body());
                assertThat(empty.path("statusCode").asInt()).isEqualTo(200);
                assertThat(empty.path("body").asText()).isEqualTo("{\"batchId\":\"bempty\",\"cancelled\":0,"
                        + "\"alreadyStopped\":0,\"failed\":[],\"remaining\":0,\"done\":true}");

                // with EXTEND_MAX_ATTEMPTS=1 a 429 no longer ends a drain while there is time: it is waited out
                batch.throttleNext(1, "0");
                JsonNode waited = JSON.readTree(runtime.invoke("{\"batchId\":\"bhttp\"}").body());
                assertThat(waited.has("errorType")).as(waited.toString()).isFalse();
                assertThat(waited.path("remaining").asInt()).as(waited.toString()).isEqualTo(1);

                // a Retry-After longer than a minute is still not slept through: the caller hears it at once
                batch.throttleNext(1, "120");
                JsonNode limited = JSON.readTree(runtime.invoke("{\"batchId\":\"bhttp\"}").body());
                assertThat(limited.path("errorType").asText()).isEqualTo("dev.extendcancel.error.ExtendRateLimited");
            }
        }
    }

    /**
     * cancelRuns packaged: a workflow's runs with decoys (another workflow, an extractor) untouched, a dry run with no
     * cancel, an extractor's runs over HTTP, an Extend that ignores the filter (no cancel, the error), a bad selector.
     */
    @Test
    void cancelRunsFromThePackagedFunction() throws Exception {
        try (ExtendBatchStub extend = new ExtendBatchStub(); RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            extend.seedRuns("workflow_runs", "workflow_pkg", 30, "PENDING");
            List<String> decoys = new ArrayList<>(extend.seedRuns("workflow_runs", "workflow_decoy", 20, "PENDING"));
            decoys.addAll(extend.seedRuns("extract_runs", "ex_decoy", 10, "PROCESSING"));
            extend.seedRuns("extract_runs", "ex_pkg", 5, "PROCESSING");
            Map<String, String> env = environment(runtime, "cancelRuns");
            env.put("EXTEND_BASE_URL", extend.url());
            env.put("EXTEND_MAX_REQUESTS_PER_SECOND", "100");
            try (PackagedFunction lambda = PackagedFunction.start("runs", env)) {
                JsonNode dry = JSON.readTree(runtime.invoke("{\"workflowId\":\"workflow_pkg\",\"dryRun\":true}").body());
                assertThat(dry.path("inFlight").toString()).as(dry.toString()).isEqualTo("{\"PENDING\":30,\"PROCESSING\":0}");
                assertThat(extend.requests(ExtendBatchStub.cancels())).isEmpty();

                JsonNode done = JSON.readTree(runtime.invoke("{\"workflowId\":\"workflow_pkg\"}").body());
                assertThat(done.toString()).isEqualTo("{\"selector\":{\"workflowId\":\"workflow_pkg\"},\"cancelled\":30,"
                        + "\"alreadyStopped\":0,\"failed\":[],\"remaining\":0,\"done\":true}");

                JsonNode http = JSON.readTree(runtime.invoke(
                        AwsEvents.httpApiV2At("/extractors/{id}/runs/cancel", "ex_pkg").toString()).body());
                assertThat(http.path("statusCode").asInt()).as(http.toString()).isEqualTo(200);
                assertThat(extend.inFlightOf("ex_pkg")).isZero();
                assertThat(extend.requests(ExtendBatchStub.cancelsOfAny(decoys))).isEmpty();

                Outcome invalid = runtime.invoke("{\"workflowId\":\"workflow_pkg\",\"splitterId\":\"spl_1\"}");
                assertThat(JSON.readTree(invalid.body()).path("errorType").asText())
                        .isEqualTo("dev.extendcancel.error.InvalidRunRequest");

                extend.seedRuns("workflow_runs", "workflow_late", 3, "PENDING");
                extend.ignoreFilters();
                int cancelsBefore = extend.requests(ExtendBatchStub.cancels()).size();
                JsonNode refused = JSON.readTree(runtime.invoke("{\"workflowId\":\"workflow_late\"}").body());
                assertThat(refused.path("errorType").asText()).isEqualTo("dev.extendcancel.error.ExtendRejectedRequest");
                assertThat(refused.path("errorMessage").asText()).contains("did not apply the filter workflowId=workflow_late");
                assertThat(extend.requests(ExtendBatchStub.cancels())).hasSize(cancelsBefore);
                assertThat(extend.inFlightOf("workflow_decoy") + extend.inFlightOf("ex_decoy")).isEqualTo(30);

                List<JsonNode> lines = logLines(lambda.log());
                assertThat(lines).extracting(line -> line.path("outcome").asText())
                        .containsExactly("dryRun", "done", "done", "InvalidRunRequest", "ExtendRejectedRequest");
                assertThat(lines.getFirst().path("workflowId").asText()).isEqualTo("workflow_pkg");
                assertThat(lines.getFirst().path("dryRun").asBoolean()).isTrue();
            }
        }
    }

    /**
     * "A 429 is not a failure while there is time": a batch invocation that meets more 429s in a row than
     * EXTEND_MAX_ATTEMPTS keeps waiting (Retry-After honoured, still under its own limit) and cancels the whole batch
     * within its deadline; a single-run function meeting the same storm keeps its attempts and fails with
     * ExtendRateLimited, for its caller to retry by name.
     */
    @Test
    void aDrainWaitsOutA429StormUntilItsDeadlineAndASingleRunKeepsItsAttempts() throws Exception {
        try (ExtendBatchStub batch = new ExtendBatchStub(); RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            batch.seed("bstorm", 12, "PENDING");
            Map<String, String> env = batchEnvironment(runtime, batch);
            env.put("EXTEND_MAX_REQUESTS_PER_SECOND", "20");
            try (PackagedFunction lambda = PackagedFunction.start("batch-storm", env)) {
                runtime.invoke("{\"batchId\":\"bwarm\"}"); // the cold start is not the storm's

                batch.throttleNext(8, "0"); // EXTEND_MAX_ATTEMPTS is 3
                Outcome outcome = runtime.invoke("{\"batchId\":\"bstorm\"}", Duration.ofSeconds(8), Duration.ofSeconds(15));

                assertThat(outcome.isError()).as(outcome.body()).isFalse();
                assertThat(outcome.elapsed()).isLessThan(Duration.ofSeconds(8));
                JsonNode answer = JSON.readTree(outcome.body());
                assertThat(answer.path("done").asBoolean()).as(answer.toString()).isTrue();
                assertThat(answer.path("cancelled").asInt()).isEqualTo(12);
                assertThat(batch.inFlight("bstorm")).isZero();
                JsonNode line = logLines(lambda.log()).getLast();
                assertThat(line.path("attempts").asInt()).as(line.toString()).isGreaterThanOrEqualTo(8 + 12 + 1);
                assertThat(line.path("rateLimitWaitMs").isIntegralNumber()).as(line.toString()).isTrue();
            }

        }
        try (ExtendBatchStub batch = new ExtendBatchStub(); RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            Map<String, String> single = environment(runtime, "cancelWorkflowRun");
            single.put("EXTEND_BASE_URL", batch.url());
            List<String> ids = batch.seed("bsingle", 2, "PENDING");
            try (PackagedFunction lambda = PackagedFunction.start("single-storm", single)) {
                runtime.invoke("{\"id\":\"" + ids.get(1) + "\"}"); // warm
                batch.throttleNext(8, "0");
                int before = batch.requests(ExtendBatchStub.cancelsOf(ids.get(0))).size();
                JsonNode error = JSON.readTree(runtime.invoke("{\"id\":\"" + ids.get(0) + "\"}",
                        Duration.ofSeconds(8), Duration.ofSeconds(15)).body());

                assertThat(error.path("errorType").asText()).isEqualTo("dev.extendcancel.error.ExtendRateLimited");
                assertThat(error.path("errorMessage").asText()).contains("3 attempts");
                assertThat(batch.requests(ExtendBatchStub.cancelsOf(ids.get(0)))).hasSize(before + 3);
            }
        }
    }

    /** EXTEND_MAX_REQUESTS_PER_SECOND applies to the single-run functions too. */
    @Test
    void theRunFunctionsKeepToTheSameLimit() throws Exception {
        Map<String, String> env = environment(null, "cancelWorkflowRun");
        env.put("EXTEND_MAX_REQUESTS_PER_SECOND", "2");
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("limited-runs", env)) {
                runtime.invoke("{\"id\":\"wr_limit_warm_up\"}");
                long start = System.nanoTime();
                for (int i = 0; i < 4; i++) {
                    assertThat(runtime.invoke("{\"id\":\"wr_limit_" + i + "\"}").isError()).isFalse();
                }
                // 4 calls at 2/s after one that used the turn: at least 1.5 s
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
            }
        }
    }

    /** cancelWorkflowBatch against {@code batch} at 100 requests/s. */
    private static Map<String, String> batchEnvironment(RuntimeApiEmulator runtime, ExtendBatchStub batch) {
        Map<String, String> env = environment(runtime, "cancelWorkflowBatch");
        env.put("EXTEND_BASE_URL", batch.url());
        env.put("EXTEND_MAX_REQUESTS_PER_SECOND", "100");
        return env;
    }

    /**
     * Invokes the batch function with 3 s deadlines until it answers done (at most 20 times), each invocation
     * answering in time and without an error; the answers, the last of them done.
     */
    private static List<JsonNode> invokeUntilDone(RuntimeApiEmulator runtime, String batchId) throws Exception {
        List<JsonNode> answers = new ArrayList<>();
        JsonNode answer;
        do {
            Outcome outcome = runtime.invoke("{\"batchId\":\"" + batchId + "\"}", Duration.ofSeconds(3),
                    Duration.ofSeconds(10));
            assertThat(outcome.isError()).as(outcome.body()).isFalse();
            assertThat(outcome.elapsed()).isLessThan(Duration.ofSeconds(3));
            answer = JSON.readTree(outcome.body());
            answers.add(answer);
        } while (!answer.path("done").asBoolean() && answers.size() < 20);
        assertThat(answer.path("done").asBoolean()).as(answers.toString()).isTrue();
        return answers;
    }

    /** The invocation lines, every line of the log checked as InvocationLines does (JSON, keys, level, EMF). */
    private static List<JsonNode> logLines(String log) throws Exception {
        return InvocationLines.invocations(log);
    }

    @Test
    void anUnreachableExtendIsExtendUnavailable() throws Exception {
        Map<String, String> env = environment(null, "cancelWorkflowRun");
        env.put("EXTEND_BASE_URL", "http://127.0.0.1:1");
        env.put("EXTEND_MAX_ATTEMPTS", "2");
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("unreachable", env)) {
                JsonNode error = JSON.readTree(runtime.invoke("{\"id\":\"wr_nowhere\"}").body());

                assertThat(error.path("errorType").asText()).isEqualTo("dev.extendcancel.error.ExtendUnavailable");
                assertThat(error.path("errorMessage").asText()).contains("could not be reached", "wr_nowhere", "2 attempts");
            }
        }
    }

    @Test
    void anExportNamingNoFunctionFailsAtStartupListingTheFunctions() throws Exception {
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator();
                PackagedFunction lambda = PackagedFunction.start("bad-export", environment(runtime, "cancelEverything"))) {
            assertStartupFailureReported(runtime, lambda, "QUARKUS_FUNQY_EXPORT=cancelEverything names no function");
            assertThat(lambda.log()).contains("QUARKUS_FUNQY_EXPORT=cancelEverything names no function",
                    "cancelWorkflowRun", "cancelParseRun");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "EXTEND_API_KEY unset", "EXTEND_API_KEY empty", "EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID",
            "EXTEND_MAX_ATTEMPTS=0" })
    void aSettingThatCannotWorkFailsAtStartupNamingTheVariable(String how) throws Exception {
        Map<String, String> env = environment(null, "cancelWorkflowRun");
        String expected = "EXTEND_API_KEY is not set";
        switch (how) {
            case "EXTEND_API_KEY empty" -> env.put("EXTEND_API_KEY", "");
            case "EXTEND_API_KEY unset" -> env.remove("EXTEND_API_KEY");
            case "EXTEND_MAX_ATTEMPTS=0" -> {
                env.put("EXTEND_MAX_ATTEMPTS", "0");
                expected = "EXTEND_MAX_ATTEMPTS must be at least 1";
            }
            default -> {
                env.put("EXTEND_API_KEY_SECRET_ID", "prod/extend-cancel");
                expected = "EXTEND_API_KEY and EXTEND_API_KEY_SECRET_ID are both set";
            }
        }
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("no-key", env)) {
                assertStartupFailureReported(runtime, lambda, expected);
                assertThat(lambda.log()).contains(expected).doesNotContain(KEY);
                assertThat(extend.getAllServeEvents()).noneMatch(e -> e.getRequest().getUrl().contains("nokey"));
            }
        }
    }

    /**
     * A start-up failure as Lambda sees it. The JVM handler starts Quarkus during init and the runtime client reports to
     * /init/error, naming {@code expected}; the native bootstrap fails in its configuration's validation, before its
     * poll loop starts, and exits (Lambda then reports Runtime.ExitError with the log), so no init error names another
     * cause. Either way the process exits.
     */
    private static void assertStartupFailureReported(RuntimeApiEmulator runtime, PackagedFunction lambda,
            String expected) throws Exception {
        String reported = "";
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (reported.isEmpty() && lambda.isAlive() && System.nanoTime() < until) {
            try {
                reported = runtime.initError(Duration.ofMillis(200));
            } catch (TimeoutException notYet) {
                // keep waiting
            }
        }
        if (reported.isEmpty()) {
            try {
                reported = runtime.initError(Duration.ofMillis(200)); // posted just before the process ended
            } catch (TimeoutException none) {
                // none posted
            }
        }
        if (PackagedFunction.isNative()) {
            assertThat(reported).as("the native init error").isEmpty();
        } else {
            assertThat(JSON.readTree(reported).path("errorMessage").asText()).contains(expected);
        }
        assertThat(lambda.exits(15)).as("a function that cannot start exits").isTrue();
    }

    /** The contract's log line: one JSON object per invocation, with its fields at the top level. */
    private static void assertOneStructuredLinePerInvocation(String log, int invocations) throws Exception {
        List<JsonNode> lines = InvocationLines.invocations(log);
        assertThat(lines).hasSize(invocations);
        for (JsonNode line : lines) {
            assertThat(line.path("function").asText()).isEqualTo("cancelWorkflowRun");
            assertThat(line.path("lambdaRequestId").asText()).matches("[0-9a-f-]{36}");
            if (line.has("error")) {
                assertThat(line.path("outcome").asText()).isEqualTo(line.path("error").asText());
            } else {
                assertThat(line.path("outcome").asText()).isEqualTo("cancelled");
                assertThat(line.path("runStatus").asText()).isEqualTo("CANCELLED");
            }
            if (line.path("attempts").asInt() > 0) {
                assertThat(line.path("runId").asText()).startsWith("wr_");
                assertThat(line.path("extendStatus").isInt()).isTrue();
            }
        }
        assertThat(lines).anySatisfy(line -> assertThat(line.path("extendRequestId").asText()).isEqualTo("req_it"));
    }

    @Test
    void everyLogLineIsJsonAndTheInvocationLinesCarryPowertoolsKeysLevelsAndEmf() throws Exception {
        Map<String, String> env = environment(null, "cancelWorkflowRun");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "7");
        env.put("POWERTOOLS_SERVICE_NAME", "platform-cancel");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "Platform/ExtendCancel");
        env.put("EXTEND_MAX_ATTEMPTS", "1");
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("logs", env)) {
                Map<String, String> expected = new LinkedHashMap<>();
                expected.put("{\"id\":\"wr_log_1\"}", "INFO");
                expected.put("{\"id\":\"wr_missing_log\"}", "WARN");
                expected.put("{\"id\":\"wr_denied_log\"}", "ERROR");
                expected.put("{\"id\":\"not/valid\"}", "WARN");
                expected.put("{\"id\":\"wr_log_1\"} and more", "WARN"); // not JSON: no function sees it, one line all the same
                expected.put("{\"id\":\"wr_broken_log\"}", "ERROR");
                expected.put("{\"id\":\"wr_log_2\"}", "INFO");
                Map<String, Outcome> outcomes = new LinkedHashMap<>();
                for (String event : expected.keySet()) {
                    outcomes.put(event, runtime.invoke(event));
                }

                List<JsonNode> lines = waitForLines(lambda, expected.size());
                assertThat(lines).hasSize(expected.size());
                List<String> events = new ArrayList<>(expected.keySet());
                for (int i = 0; i < lines.size(); i++) {
                    JsonNode line = lines.get(i);
                    Outcome outcome = outcomes.get(events.get(i));
                    assertThat(line.path("level").asText()).as(events.get(i)).isEqualTo(expected.get(events.get(i)));
                    assertThat(line.path("cold_start").asBoolean()).as("cold start only first").isEqualTo(i == 0);
                    assertThat(line.path("ColdStart").asInt()).isEqualTo(i == 0 ? 1 : 0);
                    assertThat(line.path("function_request_id").asText()).isEqualTo(outcome.requestId());
                    assertThat(line.path("xray_trace_id").asText()).as("the Root of this invocation's trace header")
                            .isEqualTo(outcome.traceId());
                    assertThat(line.path("function_name").asText()).isEqualTo("logs");
                    assertThat(line.path("function_version").asText()).isEqualTo("7");
                    assertThat(line.path("function_memory_size").asInt()).isEqualTo(128);
                    assertThat(line.path("function_arn").asText()).isEqualTo(RuntimeApiEmulator.FUNCTION_ARN);
                    assertThat(line.path("service").asText()).isEqualTo("platform-cancel");
                    assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Platform/ExtendCancel");
                    assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions/0").toString())
                            .isEqualTo("[\"service\",\"function\",\"outcome\"]");
                    assertThat(line.path("Invocations").asInt()).isEqualTo(1);
                    assertThat(line.path("ExtendAttempts").asInt()).isEqualTo(line.path("attempts").asInt());
                    assertThat(line.path("Duration").asLong()).isEqualTo(line.path("durationMs").asLong());
                }
                assertThat(lines.get(2).path("outcome").asText()).isEqualTo("ExtendRejectedRequest");
                assertThat(lines.get(3).path("outcome").asText()).isEqualTo("InvalidRunRequest");
                assertThat(lines.get(4).path("outcome").asText()).isEqualTo("InvalidRunRequest");
                // one line per invocation: Quarkus's poll loop (native) does not log the functions' errors a second
                // time; the java21 runtime client's own report of a handler's exception (no loggerName) is AWS's
                assertThat(InvocationLines.all(lambda.log())).as("no ERROR line of ours but the invocation lines")
                        .noneMatch(line -> line.path("level").asText().equals("ERROR") && line.has("loggerName")
                                && !InvocationLines.LOGGER.equals(line.path("loggerName").asText()));
                assertThat(lambda.log()).doesNotContain(KEY);
            }
        }
    }

    @Test
    void theKeyComesFromTheSecretsExtensionOnFirstUseAndARotationIsFollowed() throws Exception {
        String oldKey = "sk_it_SECRET_old_9f";
        String newKey = "sk_it_SECRET_new_a0";
        extend.stubFor(post(urlPathMatching(".*rotation.*")).atPriority(1).willReturn(problem(401, "UNAUTHORIZED")));
        extend.stubFor(post(urlPathMatching(".*rotation.*")).atPriority(0)
                .withHeader("Authorization", equalTo("Bearer " + newKey)).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"object\":\"workflow_run\",\"id\":\"{{request.pathSegments.[1]}}\",\"status\":\"CANCELLED\"}")
                        .withTransformers("response-template")));
        Map<String, String> env = environment(null, "cancelWorkflowRun");
        env.remove("EXTEND_API_KEY");
        env.put("EXTEND_API_KEY_SECRET_ID", "prod/extend-cancel");
        env.put("EXTEND_API_KEY_SECRET_FIELD", "apiKey");
        env.put("AWS_SESSION_TOKEN", "it-session-token");
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator();
                SecretsExtensionStub extension = new SecretsExtensionStub(0, "prod/extend-cancel", "it-session-token",
                        "{\"apiKey\":\"" + oldKey + "\"}")) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            env.put("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(extension.port()));
            try (PackagedFunction lambda = PackagedFunction.start("secret", env)) {
                Outcome first = runtime.invoke("{\"id\":\"wr_secret_1\"}");
                assertThat(first.isError()).as(first.body()).isFalse();
                assertThat(extension.requests()).as("read once, on first use").hasSize(1);
                assertThat(extension.requests().get(0).path()).isEqualTo("/secretsmanager/get");
                assertThat(extension.requests().get(0).secretId()).isEqualTo("prod/extend-cancel");
                assertThat(extension.requests().get(0).token()).isEqualTo("it-session-token");
                assertThat(extend.findAll(postRequestedFor(urlPathEqualTo("/workflow_runs/wr_secret_1/cancel"))
                        .withHeader("Authorization", equalTo("Bearer " + oldKey)))).hasSize(1);

                Outcome stale = runtime.invoke("{\"id\":\"wr_rotation_1\"}");
                assertThat(JSON.readTree(stale.body()).path("errorType").asText())
                        .isEqualTo("dev.extendcancel.error.ExtendRejectedRequest");
                assertThat(extension.requests()).as("read again after the 401").hasSize(2);

                extension.rotate("{\"apiKey\":\"" + newKey + "\"}");
                Outcome rotated = runtime.invoke("{\"id\":\"wr_rotation_2\"}");
                assertThat(rotated.isError()).as(rotated.body()).isFalse();
                assertThat(extension.requests()).hasSize(3);
                assertThat(runtime.invoke("{\"id\":\"wr_rotation_3\"}").isError()).as("new key kept").isFalse();
                assertThat(extension.requests()).hasSize(3);

                extension.stop();
                Outcome down = runtime.invoke("{\"id\":\"wr_secret_2\"}");
                assertThat(down.isError()).as("the kept key needs no extension").isFalse();

                String log = lambda.log();
                assertThat(log).doesNotContain(oldKey).doesNotContain(newKey);
                assertThat(InvocationLines.invocations(log)).hasSize(5);
            }
        }
    }

    private static List<JsonNode> waitForLines(PackagedFunction lambda, int count) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> lines = InvocationLines.invocations(lambda.log());
        while (lines.size() < count && System.nanoTime() < until) {
            Thread.sleep(50);
            lines = InvocationLines.invocations(lambda.log());
        }
        return lines;
    }

    private static Map<String, String> environment(RuntimeApiEmulator runtime, String function) {
        Map<String, String> env = new HashMap<>();
        if (runtime != null) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
        }
        env.put("QUARKUS_FUNQY_EXPORT", function);
        env.put("EXTEND_API_KEY", KEY);
        env.put("EXTEND_BASE_URL", extend.baseUrl());
        env.put("EXTEND_TIMEOUT", "3s");
        return env;
    }

    private static ResponseDefinitionBuilder problem(int status, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"" + code + "\",\"message\":\"" + code.toLowerCase() + "\",\"requestId\":\"req_it\"}");
    }
}
