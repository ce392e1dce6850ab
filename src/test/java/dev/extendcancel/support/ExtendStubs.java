package dev.extendcancel.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

/** Extend's answers, as WireMock stubs that win over the simulator's default mappings. */
public final class ExtendStubs {

    private ExtendStubs() {
    }

    /** Back to the simulator's mappings, with no requests or scenario states left from an earlier test. */
    public static void reset(WireMock wiremock) {
        wiremock.resetToDefaultMappings();
        wiremock.resetRequests();
        wiremock.resetScenarios();
    }

    public static MappingBuilder cancel(String collection, String runId) {
        return post(urlPathEqualTo("/" + collection + "/" + runId + "/cancel")).atPriority(1);
    }

    public static MappingBuilder read(String collection, String runId) {
        return get(urlPathEqualTo("/" + collection + "/" + runId)).atPriority(1);
    }

    public static ResponseDefinitionBuilder run(String object, String runId, String status) {
        return json(200, "{\"object\":\"" + object + "\",\"id\":\"" + runId + "\",\"status\":\"" + status + "\"}");
    }

    public static ResponseDefinitionBuilder error(int status, String code, String message) {
        return json(status, "{\"code\":\"" + code + "\",\"message\":\"" + message
                + "\",\"retryable\":false,\"requestId\":\"req_" + status + "\"}");
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** How many calls Extend received in all. */
    public static int calls(WireMock wiremock) {
        return wiremock.getServeEvents().size();
    }
}
