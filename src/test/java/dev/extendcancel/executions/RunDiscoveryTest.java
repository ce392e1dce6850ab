package dev.extendcancel.executions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.extendcancel.executions.RunDiscovery.Skip;
import dev.extendcancel.executions.RunDiscovery.SkippedRun;
import dev.extendcancel.extend.RunKind;

/**
 * Which runs an execution started, from the documents of its history: the rules of ownership and listings, each
 * sighting combination on its own. The end-to-end cases (through the poll loop, the SDK and Extend) are in
 * functions/ExecutionRunsTest.
 */
class RunDiscoveryTest {

    static final String THIS = "arn:aws:states:eu-west-1:210987654321:execution:pipeline:run-42";
    static final String OTHER = "arn:aws:states:eu-west-1:210987654321:execution:pipeline:run-41";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runsInAListAnswerAreListedAtAnyDepthAndInsideStrings() {
        RunDiscovery discovery = scan(false,
                // an HTTP task's ResponseBody as a string, holding the list answer
                "{\"StatusCode\":200,\"ResponseBody\":" + quoted(list(run("workflow_run", "wr_a", null), run("workflow_run",
                        "wr_b", OTHER))) + "}",
                // a Lambda Payload with the list answer deep inside, and a run as a JSON string inside a listed item
                "{\"Payload\":{\"monitor\":[{\"page\":" + list("{\"object\":\"extract_run\",\"id\":\"exr_c\","
                        + "\"raw\":" + quoted(run("classify_run", "clr_d", null)) + "}") + "}]}}");

        assertThat(discovery.runs()).isEmpty();
        assertThat(discovery.skipped()).containsExactly(skipped("wr_a", Skip.LISTED), skipped("wr_b", Skip.LISTED),
                skipped("exr_c", Skip.LISTED), skipped("clr_d", Skip.LISTED));
    }

    @Test
    void aRunTaggedWithAnotherExecutionIsNeverCancelledNorWhatItHolds() {
        RunDiscovery discovery = scan(false,
                // a status check of another pipeline's run by id, a legacy envelope whose outputs hold a processor run
                "{\"success\":true,\"workflowRun\":{\"object\":\"workflow_run\",\"id\":\"wr_theirs\",\"metadata\":"
                        + "{\"stepFunctionsExecutionArn\":\"" + OTHER + "\"},\"outputs\":[{\"object\":"
                        + "\"document_processor_run\",\"id\":\"dpr_theirs\"}]}}");

        assertThat(discovery.runs()).isEmpty();
        assertThat(discovery.skipped()).containsExactly(skipped("wr_theirs", Skip.OTHER_EXECUTION),
                skipped("dpr_theirs", Skip.OTHER_EXECUTION));
    }

    @Test
    void taggedWithThisExecutionIsACandidateEvenWhenOnlyAListingShowsIt() {
        RunDiscovery discovery = scan(true, run("workflow_run", "wr_mine", THIS),
                list(run("extract_run", "exr_mine_listed", THIS), run("extract_run", "exr_theirs", null)));

        assertThat(discovery.runs()).containsExactly(Map.entry("wr_mine", RunKind.WORKFLOW_RUN),
                Map.entry("exr_mine_listed", RunKind.EXTRACT_RUN));
        assertThat(discovery.skipped()).containsExactly(skipped("exr_theirs", Skip.LISTED));
    }

    @Test
    void aCreationAnswerOutsideAListCountsThoughAListingShowsTheRunToo() {
        String listingFirst = list(run("workflow_run", "wr_created", null), run("workflow_run", "wr_tagged", THIS));
        String created = "{\"started\":" + run("workflow_run", "wr_created", null) + "}";

        assertThat(scan(false, listingFirst, created).runs()).containsOnlyKeys("wr_created", "wr_tagged");
        assertThat(scan(false, listingFirst, created).skipped()).isEmpty();
        // strict: the untagged creation is not this execution's by its own word
        assertThat(scan(true, listingFirst, created).runs()).containsOnlyKeys("wr_tagged");
        assertThat(scan(true, listingFirst, created).skipped()).containsExactly(skipped("wr_created", Skip.NOT_OWNED));
    }

    @Test
    void untaggedRunsAreCandidatesUnlessStrict() {
        String nested = "{\"object\":\"workflow_run\",\"id\":\"wr_mine\",\"metadata\":{\"stepFunctionsExecutionArn\":\""
                + THIS + "\"},\"stepRuns\":[{\"result\":{\"object\":\"extract_run\",\"id\":\"exr_step\"}}]}";
        String[] documents = { run("parse_run", "pr_untagged", null),
                "{\"object\":\"split_run\",\"id\":\"splr_blank\",\"metadata\":{\"stepFunctionsExecutionArn\":\" \"}}",
                "{\"object\":\"split_run\",\"id\":\"splr_number\",\"metadata\":{\"stepFunctionsExecutionArn\":42}}",
                nested };

        assertThat(scan(false, documents).runs()).containsOnlyKeys("pr_untagged", "splr_blank", "splr_number",
                "wr_mine", "exr_step");
        RunDiscovery strict = scan(true, documents);
        // a run inside this execution's tagged run is part of it
        assertThat(strict.runs()).containsOnlyKeys("wr_mine", "exr_step");
        assertThat(strict.skipped()).containsExactly(skipped("pr_untagged", Skip.NOT_OWNED),
                skipped("splr_blank", Skip.NOT_OWNED), skipped("splr_number", Skip.NOT_OWNED));
    }

    @Test
    void anotherExecutionsTagWinsOverThisOnesAndEachRunIsReportedOnce() {
        RunDiscovery discovery = scan(false, run("workflow_run", "wr_disputed", THIS),
                run("workflow_run", "wr_disputed", OTHER), run("workflow_run", "wr_disputed", null),
                list(run("workflow_run", "wr_disputed", OTHER)));

        assertThat(discovery.runs()).isEmpty();
        assertThat(discovery.skipped()).containsExactly(skipped("wr_disputed", Skip.OTHER_EXECUTION));
    }

    @Test
    void batchesCountOutsideListAnswersOnly() {
        RunDiscovery discovery = scan(true, "{\"StatusCode\":200,\"ResponseBody\":{\"batchId\":\"batch_mine\"}}",
                "{\"object\":\"list\",\"data\":[{\"batchId\":\"batch_in_list\"}],\"extra\":" + quoted(
                        "{\"batchId\":\"batch_in_string_in_list\"}") + "}");

        assertThat(discovery.batches()).containsExactly("batch_mine");
    }

    private static RunDiscovery scan(boolean ownedOnly, String... documents) {
        RunDiscovery discovery = new RunDiscovery(JSON, THIS, ownedOnly);
        for (String document : documents) {
            discovery.scan(document);
        }
        return discovery;
    }

    private static String run(String kind, String id, String owner) {
        return "{\"object\":\"" + kind + "\",\"id\":\"" + id + "\",\"status\":\"PROCESSING\",\"metadata\":"
                + (owner == null ? "{}" : "{\"stepFunctionsExecutionArn\":\"" + owner + "\",\"customer\":\"c1\"}") + "}";
    }

    private static String list(String... runs) {
        return "{\"object\":\"list\",\"data\":[" + String.join(",", runs) + "],\"nextPageToken\":null}";
    }

    private static String quoted(String text) {
        return JSON.getNodeFactory().textNode(text).toString();
    }

    private static SkippedRun skipped(String runId, Skip skip) {
        return new SkippedRun(runId, skip);
    }
}
