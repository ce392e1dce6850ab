package dev.extendcancel.extend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

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

        assertThat(page.runs()).containsExactly(new RunPage.ListedRun("wr_1", "PENDING", "b_1"),
                new RunPage.ListedRun("wr_2", "PROCESSING", null));
        assertThat(page.next()).contains("tok_2");
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
