package dev.extendcancel.functions;

import static dev.extendcancel.support.ExtendBatchStub.cancels;
import static dev.extendcancel.support.ExtendBatchStub.cancelsOf;
import static dev.extendcancel.support.ExtendBatchStub.lists;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.ExtendBatchStub;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * cancelWorkflowBatch through the real Lambda poll loop against a stateful stand-in of Extend's list and cancel
 * endpoints (ExtendBatchStub). After every loop: nothing of the batch is left PENDING or PROCESSING unless the answer
 * says so, and no run is counted cancelled that Extend did not confirm.
 */
@QuarkusTest
@TestProfile(BatchCancelTest.BatchProfile.class)
class BatchCancelTest {

    public static class BatchProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "cancelWorkflowBatch");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ExtendBatchStub.Resource.class));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERR = "dev.extendcancel.error.";

    ExtendBatchStub extend;

    @BeforeEach
    void resetExtend() {
        extend = ExtendBatchStub.Resource.stub();
        extend.reset();
    }

    private static Result cancelBatch(String batchId) {
        return Lambda.invoke("{\"batchId\":\"" + batchId + "\"}");
    }

    @Test
    void twoThousandRunsOverManyPagesWithSomeFinishingMeanwhile() {
        List<String> pending = extend.seed("b2000", 1200, "PENDING");
        extend.seed("b2000", 800, "PROCESSING");
        extend.seed("other", 50, "PENDING");
        extend.maxPageSize(250);
        for (int i = 0; i < pending.size(); i += 10) {
            extend.finishesBeforeCancel(pending.get(i));
        }

        Result result = cancelBatch("b2000");

        assertThat(result.isError()).as(result.raw()).isFalse();
        JsonNode answer = result.body();
        assertThat(answer.path("done").asBoolean()).isTrue();
        assertThat(answer.path("remaining").asInt()).isZero();
        assertThat(answer.path("cancelled").asInt()).isEqualTo(1880);
        assertThat(answer.path("alreadyStopped").asInt()).isEqualTo(120);
        assertThat(answer.path("failed")).isEmpty();
        assertNothingLeftRunningAndNoFalseCancel("b2000", answer);
        assertThat(extend.inFlight("other")).as("another batch is never touched").isEqualTo(50);
        // 1,200 + 800 runs at 250 a page: 8 pages, then a fresh listing of both statuses
        assertThat(extend.requests(lists())).hasSizeGreaterThanOrEqualTo(10);
        assertThat(extend.requests(lists())).allSatisfy(r -> {
            assertThat(r.query()).containsEntry("batchId", "b2000").containsEntry("maxPageSize", "1000");
            assertThat(r.query().get("status")).isIn("PENDING", "PROCESSING");
        });
        assertThat(extend.requests(cancels())).as("each run cancelled once").hasSize(2000);
    }

    @Test
    void answersExactlyTheContractsFields() throws Exception {
        extend.seed("bfields", 3, "PENDING");

        Result result = cancelBatch("bfields");

        assertThat(result.raw()).isEqualTo(
                "{\"batchId\":\"bfields\",\"cancelled\":3,\"alreadyStopped\":0,\"failed\":[],\"remaining\":0,\"done\":true}");
    }

    @Test
    void anEmptyOrUnknownBatchIsDoneWithNothingCancelled() {
        Result result = cancelBatch("batch_unknown");

        assertThat(result.raw()).isEqualTo("{\"batchId\":\"batch_unknown\",\"cancelled\":0,\"alreadyStopped\":0,"
                + "\"failed\":[],\"remaining\":0,\"done\":true}");
        assertThat(extend.requests(lists())).hasSize(2);
        assertThat(extend.requests(cancels())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"batchId\":\"../x\"}", "{\"batchId\":\"\"}", "{\"batchId\":42}", "{\"id\":\"b_1\"}",
            "{}", "{\"batchId\":\"b_1\",\"workspaceId\":\"ws/..\"}", "[\"b_1\"]" })
    void aBadBatchIdIsInvalidRunRequestWithNoCallToExtend(String event) {
        Result result = Lambda.invoke(event);

        assertThat(result.errorType()).isEqualTo(ERR + "InvalidRunRequest");
        assertThat(extend.requests()).isEmpty();
    }

    @Test
    void a429StormIsWaitedOutAsRetryAfterSays() {
        extend.seed("bstorm", 5, "PENDING");
        extend.throttleNext(2, "1");

        long start = System.nanoTime();
        Result result = cancelBatch("bstorm");

        assertThat(result.body().path("done").asBoolean()).as(result.raw()).isTrue();
        assertThat(result.body().path("cancelled").asInt()).isEqualTo(5);
        List<ExtendBatchStub.Request> all = extend.requests();
        // the first listing was answered 429, 429, then served; each retry came after Retry-After: 1
        assertThat(Duration.ofNanos(all.get(1).atNanos() - all.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.ofNanos(all.get(2).atNanos() - all.get(1).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertNothingLeftRunningAndNoFalseCancel("bstorm", result.body());
    }

    @Test
    void aListingStillRateLimitedAfterItsRetriesFailsTheInvocationByName() {
        extend.seed("blimited", 3, "PENDING");
        extend.throttleNext(3, "0");

        Result failed = cancelBatch("blimited");

        assertThat(failed.errorType()).isEqualTo(ERR + "ExtendRateLimited");
        assertThat(failed.errorMessage()).contains("blimited", "PENDING");
        assertThat(extend.requests(cancels())).isEmpty();
        // as Step Functions would: invoke again
        Result retried = cancelBatch("blimited");
        assertThat(retried.body().path("done").asBoolean()).isTrue();
        assertThat(retried.body().path("cancelled").asInt()).isEqualTo(3);
    }

    @Test
    void aRunWhoseCancelKeepsFailingIsReportedAndTheOthersAreCancelled() {
        List<String> ids = extend.seed("bfail", 20, "PENDING");
        String broken = ids.get(7);
        extend.failCancels(broken, 500);

        Result result = cancelBatch("bfail");

        JsonNode answer = result.body();
        assertThat(result.isError()).as(result.raw()).isFalse();
        assertThat(answer.path("done").asBoolean()).isFalse();
        assertThat(answer.path("cancelled").asInt()).isEqualTo(19);
        assertThat(answer.path("remaining").asInt()).isEqualTo(1);
        assertThat(answer.path("failed")).hasSize(1);
        assertThat(answer.at("/failed/0/runId").asText()).isEqualTo(broken);
        assertThat(answer.at("/failed/0/error").asText()).isEqualTo("ExtendUnavailable");
        assertThat(answer.at("/failed/0/message").asText()).contains(broken, "500");
        // one cancel (its 3 attempts) per invocation, not one per re-listing
        assertThat(extend.requests(cancelsOf(broken))).hasSize(3);
        assertThat(extend.inFlight("bfail")).isEqualTo(1);
        assertThat(extend.confirmedCancels()).hasSize(19).doesNotContain(broken);
    }

    @Test
    void aRunThatStaysInFlightAfterAConfirmedCancelEndsTheInvocationWithRemaining() {
        List<String> ids = extend.seed("bstuck", 4, "PROCESSING");
        extend.stuck(ids.get(2));

        Result result = cancelBatch("bstuck");

        assertThat(result.body().path("done").asBoolean()).as(result.raw()).isFalse();
        assertThat(result.body().path("remaining").asInt()).isEqualTo(1);
        assertThat(result.body().path("cancelled").asInt()).isEqualTo(4);
        assertThat(extend.requests(cancelsOf(ids.get(2)))).as("cancelled once per invocation").hasSize(1);
        // the first listing, then 1 + MAX_STALLED_ROUNDS fresh ones, each of both statuses
        assertThat(extend.requests(lists())).hasSize(2 * 4);
    }

    @Test
    void listAnswersThatAreNotJsonAreRetried() {
        extend.seed("bhtml", 4, "PENDING");
        extend.unreadableListsNext(2);

        Result result = cancelBatch("bhtml");

        assertThat(result.body().path("done").asBoolean()).as(result.raw()).isTrue();
        assertThat(result.body().path("cancelled").asInt()).isEqualTo(4);
        assertNothingLeftRunningAndNoFalseCancel("bhtml", result.body());
    }

    @Test
    void aListingThatIsNeverJsonFailsTheInvocationAsExtendUnavailable() {
        extend.seed("bhtml2", 4, "PENDING");
        extend.unreadableListsNext(100);

        Result result = cancelBatch("bhtml2");

        assertThat(result.errorType()).isEqualTo(ERR + "ExtendUnavailable");
        assertThat(result.errorMessage()).contains("bhtml2", "not a run list");
        assertThat(extend.requests(cancels())).isEmpty();
    }

    @Test
    void runsChangingStatusWhileTheFunctionPagesAreAllCancelled() {
        extend.seed("bmoving", 600, "PENDING");
        extend.seed("bmoving", 100, "PROCESSING");
        extend.maxPageSize(100);
        AtomicInteger moved = new AtomicInteger();
        // after every page served, 15 PENDING runs start PROCESSING and 5 finish: an offset cursor skips some of them
        extend.onListPage(stub -> {
            for (int i = 0; i < 15; i++) {
                if (stub.move("bmoving", "PENDING", "PROCESSING")) {
                    moved.incrementAndGet();
                }
            }
            for (int i = 0; i < 5; i++) {
                stub.move("bmoving", "PROCESSING", "PROCESSED");
            }
        });

        Result result = cancelBatch("bmoving");

        assertThat(result.body().path("done").asBoolean()).as(result.raw()).isTrue();
        assertThat(moved.get()).as("runs did move while the function paged").isGreaterThan(50);
        assertNothingLeftRunningAndNoFalseCancel("bmoving", result.body());
        assertThat(result.body().path("cancelled").asInt() + extend.withStatus("bmoving", "PROCESSED"))
                .isEqualTo(700);
    }

    @Test
    void theWorkspaceGoesWithEveryCall() {
        extend.seed("bws", 2, "PENDING");

        Result result = Lambda.invoke("{\"batchId\":\"bws\",\"workspaceId\":\"ws_batch\"}");

        assertThat(result.body().path("done").asBoolean()).isTrue();
        assertThat(extend.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.workspace()).isEqualTo("ws_batch"));
    }

    @Test
    void overHttpItIs200WhenDoneAnd202WhenNot() throws Exception {
        extend.seed("bhttp", 3, "PENDING");
        Result done = Lambda.invoke(AwsEvents.httpApiV2("workflow-batches", "bhttp"));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.header("content-type")).isEqualTo("application/json");
        assertThat(done.httpBody().path("cancelled").asInt()).isEqualTo(3);
        assertThat(done.httpBody().path("done").asBoolean()).isTrue();

        List<String> ids = extend.seed("bhttp2", 2, "PENDING");
        extend.stuck(ids.get(0));
        Result notDone = Lambda.invoke(AwsEvents.restApiV1("workflow-batches", "bhttp2"));
        assertThat(notDone.statusCode()).isEqualTo(202);
        assertThat(notDone.httpBody().path("done").asBoolean()).isFalse();
        assertThat(notDone.httpBody().path("remaining").asInt()).isEqualTo(1);

        Result bad = Lambda.invoke(AwsEvents.httpApiV2("workflow-batches", "b.x"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.httpBody().path("error").asText()).isEqualTo("InvalidRunRequest");
        assertThat(bad.httpBody().path("detail").asText()).contains("batch id");
    }

    private void assertNothingLeftRunningAndNoFalseCancel(String batchId, JsonNode answer) {
        assertThat(extend.inFlight(batchId)).as("runs of %s left PENDING or PROCESSING", batchId).isZero();
        assertThat(answer.path("cancelled").asInt()).as("cancelled runs Extend confirmed")
                .isLessThanOrEqualTo(extend.confirmedCancels().size());
    }
}
