package dev.extendcancel.extend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A listing page is read whole or not at all: acting on half a page could report a batch done too early. */
class RunPageTest {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsIdsStatusesBatchAndTheNextToken() {
        RunPage page = RunPage.parse(bytes("""
                {"object":"list","data":[{"object":"workflow_run","id":"wr_1","status":"pending","batchId":"b_1",
                "extra":{"x":1}},{"id":"wr_2","status":"PROCESSING"}],"nextPageToken":"tok_2"}""")).orElseThrow();

        assertThat(page.runs()).containsExactly(new RunPage.ListedRun("wr_1", "PENDING", Map.of("batchId", "b_1")),
                new RunPage.ListedRun("wr_2", "PROCESSING", Map.of()));
        assertThat(page.runs().getFirst().batchId()).isEqualTo("b_1");
        assertThat(page.runs().getLast().batchId()).isNull();
        assertThat(page.next()).contains("tok_2");
    }

    /** Summaries as Extend's 2026-02-09 list endpoints give them: the workflow, extractor... as a nested object. */
    @Test
    void readsWhatEachSummarySaysAboutTheFiltersThatSelectIt() {
        RunPage page = RunPage.parse(bytes("""
                {"object":"list","data":[
                {"object":"workflow_run","id":"workflow_run_1","status":"PROCESSING","batchId":null,
                 "workflow":{"object":"workflow","id":"workflow_A","name":"Invoices"},
                 "workflowVersion":{"id":"workflow_version_1"}},
                {"object":"extract_run","id":"exr_1","status":"PENDING",
                 "extractor":{"object":"extractor","id":"ex_A","name":"Invoice Extractor"}},
                {"object":"extract_run","id":"exr_inline","status":"PROCESSING","extractor":null},
                {"object":"classify_run","id":"clr_1","status":"PROCESSING","classifier":{"id":"cl_A"}},
                {"object":"split_run","id":"splr_1","status":"PROCESSING","splitter":{"id":"spl_A"}},
                {"object":"workflow_run","id":"workflow_run_flat","status":"PENDING","workflowId":"workflow_A"}
                ]}""")).orElseThrow();

        List<RunPage.ListedRun> runs = page.runs();
        assertThat(runs.get(0).filteredFields()).isEqualTo(Map.of("workflowId", "workflow_A"));
        assertThat(runs.get(0).matches(new RunFilter("workflowId", "workflow_A"))).isTrue();
        assertThat(runs.get(0).matches(new RunFilter("workflowId", "workflow_B"))).isFalse();
        assertThat(runs.get(0).matches(new RunFilter("batchId", "workflow_A"))).as("null batchId").isFalse();
        assertThat(runs.get(1).matches(new RunFilter("extractorId", "ex_A"))).isTrue();
        assertThat(runs.get(2).matches(new RunFilter("extractorId", "ex_A"))).as("an inline-config run").isFalse();
        assertThat(runs.get(3).matches(new RunFilter("classifierId", "cl_A"))).isTrue();
        assertThat(runs.get(4).matches(new RunFilter("splitterId", "spl_A"))).isTrue();
        assertThat(runs.get(4).matches(new RunFilter("extractorId", "spl_A"))).as("another field").isFalse();
        // the older summaries' flat workflowId is not the 2026-02-09 field: not taken as proof
        assertThat(runs.get(5).matches(new RunFilter("workflowId", "workflow_A"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"object\":\"list\",\"data\":[],\"nextPageToken\":null}",
            "{\"object\":\"list\",\"data\":[],\"nextPageToken\":\"  \"}", "{\"data\":[]}" })
    void aLastPageHasNoNextToken(String json) {
        assertThat(RunPage.parse(bytes(json)).orElseThrow().next()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "<html>502</html>", "", "null", "[]", "{\"object\":\"list\"}", "{\"data\":{}}",
            "{\"data\":[{\"id\":\"wr_1\"}]}", "{\"data\":[{\"status\":\"PENDING\"}]}",
            "{\"data\":[{\"id\":7,\"status\":\"PENDING\"}]}", "{\"data\":[{\"id\":\"wr_1\",\"status\":\"PENDING\"},\"x\"]}" })
    void anythingElseIsUnreadable(String body) {
        assertThat(RunPage.parse(bytes(body))).isEmpty();
    }
}
