package dev.extendcancel.functions;

import static dev.extendcancel.support.ExtendBatchStub.cancels;
import static dev.extendcancel.support.ExtendBatchStub.cancelsOfAny;
import static dev.extendcancel.support.ExtendBatchStub.lists;
import static dev.extendcancel.support.ExtendBatchStub.listsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.ExtendBatchStub;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * cancelRuns through the real Lambda poll loop against a stateful stand-in of Extend that knows workflows and
 * processors (ExtendBatchStub). Every test keeps decoys in flight (runs of other workflows, of processors, of other
 * processors of the same kind) and checks that not one POST reached them.
 */
@QuarkusTest
@TestProfile(CancelRunsTest.SelectorProfile.class)
class CancelRunsTest {

    public static class SelectorProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "cancelRuns");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ExtendBatchStub.Resource.class));
        }
    }

    private static final String ERR = "dev.extendcancel.error.";

    ExtendBatchStub extend;

    @BeforeEach
    void resetExtend() {
        extend = ExtendBatchStub.Resource.stub();
        extend.reset();
    }

    /** Runs of other workflows, of a batch of another workflow, and of every kind of processor, all in flight. */
    private List<String> seedDecoys() {
        List<String> decoys = new ArrayList<>();
        decoys.addAll(extend.seedRuns("workflow_runs", "workflow_other", 40, "PENDING"));
        decoys.addAll(extend.seedRuns("workflow_runs", "workflow_other", 40, "PROCESSING"));
        decoys.addAll(extend.seed("batch_decoy", 30, "PENDING"));
        decoys.addAll(extend.seedRuns("extract_runs", "ex_decoy", 30, "PROCESSING"));
        decoys.addAll(extend.seedRuns("classify_runs", "cl_decoy", 30, "PROCESSING"));
        decoys.addAll(extend.seedRuns("split_runs", "spl_decoy", 30, "PROCESSING"));
        return decoys;
    }

    private void assertDecoysUntouched(List<String> decoys) {
        assertThat(extend.requests(cancelsOfAny(decoys))).as("cancels of runs the selector does not name").isEmpty();
        assertThat(extend.inFlightOf("workflow_other") + extend.inFlight("batch_decoy") + extend.inFlightOf("ex_decoy")
                + extend.inFlightOf("cl_decoy") + extend.inFlightOf("spl_decoy")).isEqualTo(decoys.size());
    }

    @Test
    void aWorkflowsRunsOverManyPagesAreAllCancelledAndNoDecoyIsTouched() {
        List<String> pending = extend.seedRuns("workflow_runs", "workflow_A", 600, "PENDING");
        extend.seedRuns("workflow_runs", "workflow_A", 400, "PROCESSING");
        List<String> decoys = seedDecoys();
        extend.maxPageSize(150);
        for (int i = 0; i < pending.size(); i += 10) {
            extend.finishesBeforeCancel(pending.get(i));
        }

        Result result = Lambda.invoke("{\"workflowId\":\"workflow_A\",\"workspaceId\":\"ws_batch\"}");

        assertThat(result.isError()).as(result.raw()).isFalse();
        JsonNode answer = result.body();
        assertThat(answer.path("selector").toString()).isEqualTo("{\"workflowId\":\"workflow_A\"}");
        assertThat(answer.path("done").asBoolean()).isTrue();
        assertThat(answer.path("cancelled").asInt()).isEqualTo(940);
        assertThat(answer.path("alreadyStopped").asInt()).isEqualTo(60);
        assertThat(answer.path("remaining").asInt()).isZero();
        assertThat(extend.inFlightOf("workflow_A")).isZero();
        assertThat(answer.path("cancelled").asInt()).isLessThanOrEqualTo(extend.confirmedCancels().size());
        assertDecoysUntouched(decoys);
        assertThat(extend.requests(lists())).hasSizeGreaterThanOrEqualTo(9).allSatisfy(r -> {
            assertThat(r.query()).containsEntry("workflowId", "workflow_A").doesNotContainKey("batchId");
            assertThat(r.query().get("status")).isIn("PENDING", "PROCESSING");
        });
        assertThat(extend.requests()).allSatisfy(r -> assertThat(r.workspace()).isEqualTo("ws_batch"));
        assertThat(extend.requests(cancels())).as("each run cancelled once").hasSize(1000);
    }

    @ParameterizedTest
    @CsvSource({ "extract_runs, extractorId, ex_A", "classify_runs, classifierId, cl_A", "split_runs, splitterId, spl_A" })
    void aProcessorsRunsAreListedFromItsOwnCollectionAndCancelledThere(String collection, String field, String id) {
        List<String> target = extend.seedRuns(collection, id, 30, "PROCESSING");
        List<String> decoys = seedDecoys();
        decoys.addAll(extend.seedRuns(collection, id + "_other", 20, "PROCESSING"));

        Result result = Lambda.invoke("{\"" + field + "\":\"" + id + "\"}");

        assertThat(result.raw()).isEqualTo("{\"selector\":{\"" + field + "\":\"" + id + "\"},\"cancelled\":30,"
                + "\"alreadyStopped\":0,\"failed\":[],\"remaining\":0,\"done\":true}");
        assertThat(extend.inFlightOf(id)).isZero();
        assertThat(extend.requests(cancelsOfAny(target))).hasSize(30)
                .allSatisfy(r -> assertThat(r.path()).startsWith("/" + collection + "/"));
        assertThat(extend.requests(cancelsOfAny(decoys))).isEmpty();
        assertThat(extend.inFlightOf(id + "_other")).isEqualTo(20);
        assertThat(extend.requests(lists())).isEmpty();
        assertThat(extend.requests(listsOf(collection))).isNotEmpty()
                .allSatisfy(r -> assertThat(r.query()).containsEntry(field, id));
    }

    @Test
    void runsChangingStatusWhileItPagesAreAllCancelled() {
        // the batch's runs are runs of workflow_of_bmove: select them by their workflow
        extend.seed("bmove", 300, "PENDING");
        extend.seed("bmove", 200, "PROCESSING");
        List<String> decoys = seedDecoys();
        extend.maxPageSize(50);
        extend.onListPage(stub -> {
            stub.move("bmove", "PENDING", "PROCESSING");
            stub.move("bmove", "PROCESSING", "PROCESSED");
        });

        Result result = Lambda.invoke("{\"workflowId\":\"workflow_of_bmove\"}");

        assertThat(result.body().path("done").asBoolean()).as(result.raw()).isTrue();
        assertThat(extend.inFlight("bmove")).isZero();
        assertThat(result.body().path("cancelled").asInt()).isLessThanOrEqualTo(extend.confirmedCancels().size());
        assertDecoysUntouched(decoys);
    }

    @Test
    void a429StormOnTheListingAndOnTheCancelsIsWaitedOut() {
        extend.seedRuns("workflow_runs", "workflow_storm", 5, "PENDING");
        List<String> decoys = seedDecoys();
        extend.throttleNext(2, "1");
        // once the first round is listed, the cancels meet a storm of their own
        extend.onListPage(stub -> {
            if (stub.requests(lists()).size() == 4) {
                stub.throttleNext(2, "0");
            }
        });

        Result result = Lambda.invoke("{\"workflowId\":\"workflow_storm\"}");

        assertThat(result.body().path("done").asBoolean()).as(result.raw()).isTrue();
        assertThat(result.body().path("cancelled").asInt()).isEqualTo(5);
        assertThat(result.body().path("failed")).isEmpty();
        assertThat(extend.inFlightOf("workflow_storm")).isZero();
        assertThat(extend.requests(r -> r.method().equals("POST"))).as("two cancels were throttled").hasSize(7);
        assertDecoysUntouched(decoys);
    }

    @Test
    void aDryRunCountsAndNamesWhatWouldBeCancelledWithNoCancel() {
        List<String> pending = extend.seedRuns("workflow_runs", "workflow_dry", 150, "PENDING");
        List<String> processing = extend.seedRuns("workflow_runs", "workflow_dry", 20, "PROCESSING");
        extend.seedRuns("workflow_runs", "workflow_dry", 7, "PROCESSED");
        List<String> decoys = seedDecoys();

        Result result = Lambda.invoke("{\"workflowId\":\"workflow_dry\",\"dryRun\":true}");

        JsonNode answer = result.body();
        assertThat(answer.path("selector").toString()).as(result.raw()).isEqualTo("{\"workflowId\":\"workflow_dry\"}");
        assertThat(answer.path("dryRun").asBoolean()).isTrue();
        assertThat(answer.path("inFlight").toString()).isEqualTo("{\"PENDING\":150,\"PROCESSING\":20}");
        assertThat(answer.path("complete").asBoolean()).isTrue();
        assertThat(answer.path("runIds")).hasSize(100);
        List<String> selected = new ArrayList<>(pending);
        selected.addAll(processing);
        answer.path("runIds").forEach(id -> assertThat(selected).contains(id.asText()));
        assertThat(answer.fieldNames()).toIterable()
                .containsExactly("selector", "dryRun", "inFlight", "runIds", "complete");
        assertThat(extend.requests(r -> r.method().equals("POST"))).as("a dry run cancels nothing").isEmpty();
        assertThat(extend.inFlightOf("workflow_dry")).isEqualTo(170);
        assertDecoysUntouched(decoys);

        ObjectNode http = AwsEvents.httpApiV2At("/workflows/{id}/runs/cancel", "workflow_dry");
        http.put("rawQueryString", "dryRun=true").putObject("queryStringParameters").put("dryRun", "true");
        Result overHttp = Lambda.invoke(http);
        assertThat(overHttp.statusCode()).isEqualTo(200);
        assertThat(overHttp.httpBody().path("inFlight").path("PENDING").asInt()).isEqualTo(150);
        assertThat(extend.requests(r -> r.method().equals("POST"))).isEmpty();
    }

    @Test
    void anEmptySelectorIsDoneWithNothingCancelled() {
        List<String> decoys = seedDecoys();

        Result result = Lambda.invoke("{\"workflowId\":\"workflow_none\"}");

        assertThat(result.raw()).isEqualTo("{\"selector\":{\"workflowId\":\"workflow_none\"},\"cancelled\":0,"
                + "\"alreadyStopped\":0,\"failed\":[],\"remaining\":0,\"done\":true}");
        assertThat(extend.requests(lists())).hasSize(2);
        assertThat(extend.requests(cancels())).isEmpty();
        assertDecoysUntouched(decoys);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"workflowId\":\"workflow_A\"}", "{\"workflowId\":\"workflow_A\",\"dryRun\":true}",
            "{\"extractorId\":\"ex_decoy\"}", "{\"batchId\":\"batch_decoy\"}" })
    void anExtendThatIgnoresTheFilterGetsNoCancelAndTheInvocationFails(String event) {
        extend.seedRuns("workflow_runs", "workflow_A", 5, "PENDING");
        extend.seedRuns("extract_runs", "ex_other", 3, "PROCESSING");
        seedDecoys();
        extend.ignoreFilters();

        Result result = Lambda.invoke(event);

        assertThat(result.errorType()).as(result.raw()).isEqualTo(ERR + "ExtendRejectedRequest");
        assertThat(result.errorMessage()).contains("did not apply the filter", "nothing more was cancelled")
                .containsPattern("listed \\d+ run\\(s\\) of another");
        assertThat(extend.requests(cancels())).as("not one cancel").isEmpty();
        assertThat(extend.inFlightOf("workflow_A")).isEqualTo(5);
        assertThat(extend.inFlightOf("workflow_other")).isEqualTo(80);
    }

    @Test
    void aFilterDroppedBetweenRoundsStopsTheInvocationAndSaysWhatWasAlreadyStopped() {
        List<String> target = extend.seedRuns("workflow_runs", "workflow_A", 3, "PENDING");
        List<String> decoys = seedDecoys();
        // the first round (both statuses) is filtered, every later listing is not
        extend.onListPage(stub -> {
            if (stub.requests(lists()).size() >= 2) {
                stub.ignoreFilters();
            }
        });

        Result result = Lambda.invoke("{\"workflowId\":\"workflow_A\"}");

        assertThat(result.errorType()).as(result.raw()).isEqualTo(ERR + "ExtendRejectedRequest");
        assertThat(result.errorMessage()).contains("3 run(s) of workflowId=workflow_A, each checked, were stopped");
        assertThat(extend.requests(cancels())).hasSize(3);
        assertThat(extend.requests(cancelsOfAny(target))).hasSize(3);
        assertDecoysUntouched(decoys);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"workflowId\":\"workflow_A\",\"extractorId\":\"ex_A\"}",
            "{\"batchId\":\"b_1\",\"splitterId\":\"spl_1\"}", "{\"workflowId\":\"../x\"}", "{\"workflowId\":\"\"}",
            "{\"workflowId\":42}", "{\"classifierId\":\"cl_1\",\"dryRun\":\"maybe\"}", "{\"id\":\"workflow_A\"}",
            "{\"workflowId\":\"workflow_A\",\"workspaceId\":\"ws/..\"}", "[\"workflow_A\"]" })
    void aBadSelectorIsInvalidRunRequestWithNoCallToExtend(String event) {
        Result result = Lambda.invoke(event);

        assertThat(result.errorType()).as(result.raw()).isEqualTo(ERR + "InvalidRunRequest");
        assertThat(extend.requests()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "workflows, workflow_runs, workflow_H", "extractors, extract_runs, ex_H",
            "classifiers, classify_runs, cl_H", "splitters, split_runs, spl_H" })
    void overHttpTheRouteNamesTheSelector(String route, String collection, String id) {
        extend.seedRuns(collection, id, 4, "PROCESSING");
        List<String> decoys = seedDecoys();

        Result v2 = Lambda.invoke(AwsEvents.httpApiV2At("/" + route + "/{id}/runs/cancel", id));

        assertThat(v2.statusCode()).as(v2.raw()).isEqualTo(200);
        assertThat(v2.header("content-type")).isEqualTo("application/json");
        assertThat(v2.httpBody().path("cancelled").asInt()).isEqualTo(4);
        assertThat(v2.httpBody().path("selector").fieldNames().next()).endsWith("Id");
        assertThat(extend.inFlightOf(id)).isZero();

        extend.seedRuns(collection, id + "_v1", 2, "PROCESSING");
        List<String> stuck = extend.seedRuns(collection, id + "_v1", 1, "PROCESSING");
        extend.stuck(stuck.getFirst());
        Result v1 = Lambda.invoke(AwsEvents.restApiV1At("/" + route + "/{id}/runs/cancel", id + "_v1"));
        assertThat(v1.statusCode()).as(v1.raw()).isEqualTo(202);
        assertThat(v1.httpBody().path("done").asBoolean()).isFalse();
        assertThat(v1.httpBody().path("remaining").asInt()).isEqualTo(1);
        assertDecoysUntouched(decoys);
    }

    @Test
    void overHttpBadInputAndARefusedFilterAreProblems() {
        Result badId = Lambda.invoke(AwsEvents.httpApiV2At("/workflows/{id}/runs/cancel", "wf.x"));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.httpBody().path("detail").asText()).contains("workflow id");

        ObjectNode unclear = AwsEvents.restApiV1At("/workflows/{id}/runs/cancel", "workflow_A");
        unclear.putObject("queryStringParameters").put("dryRun", "yes");
        assertThat(Lambda.invoke(unclear).statusCode()).isEqualTo(400);

        Result otherRoute = Lambda.invoke(AwsEvents.httpApiV2At("/parsers/{id}/runs/cancel", "parser_1"));
        assertThat(otherRoute.statusCode()).isEqualTo(400);
        assertThat(extend.requests()).isEmpty();

        extend.seedRuns("workflow_runs", "workflow_other", 2, "PENDING");
        extend.ignoreFilters();
        Result refused = Lambda.invoke(AwsEvents.httpApiV2At("/workflows/{id}/runs/cancel", "workflow_A"));
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.header("content-type")).isEqualTo("application/problem+json");
        assertThat(refused.httpBody().path("error").asText()).isEqualTo("ExtendRejectedRequest");
        assertThat(extend.requests(cancels())).isEmpty();
    }

    @Test
    void aBatchSelectorIsTheBatchCancelWithTheSelectorAnswer() {
        extend.seed("bsel", 3, "PENDING");
        List<String> decoys = seedDecoys();

        Result result = Lambda.invoke("{\"batchId\":\"bsel\"}");

        assertThat(result.raw()).isEqualTo("{\"selector\":{\"batchId\":\"bsel\"},\"cancelled\":3,\"alreadyStopped\":0,"
                + "\"failed\":[],\"remaining\":0,\"done\":true}");
        assertThat(extend.requests(lists())).allSatisfy(r -> assertThat(r.query()).containsEntry("batchId", "bsel"));
        assertDecoysUntouched(decoys);
    }
}
