package dev.extendcancel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** EXTEND_WORKSPACE_ID as the default, EXTEND_ALLOWED_WORKSPACE_IDS enforced before any call. */
@QuarkusTest
@ConnectWireMock
@TestProfile(WorkspaceTest.Restricted.class)
class WorkspaceTest {

    public static class Restricted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("extend.workspace-id", "ws_default", "extend.allowed-workspace-ids", "ws_default, ws_other");
        }
    }

    WireMock wiremock;

    @BeforeEach
    void resetExtend() {
        ExtendStubs.reset(wiremock);
    }

    @Test
    void theDefaultWorkspaceIsUsedWhenTheRequestNamesNone() {
        assertThat(Lambda.invoke("{\"id\":\"wr_w1\"}").isError()).isFalse();

        wiremock.verifyThat(postRequestedFor(urlPathEqualTo("/workflow_runs/wr_w1/cancel"))
                .withHeader("x-extend-workspace-id", equalTo("ws_default")));
    }

    @Test
    void anAllowedWorkspaceIsPassedOn() {
        assertThat(Lambda.invoke("{\"id\":\"wr_w2\",\"workspaceId\":\"ws_other\"}").isError()).isFalse();

        wiremock.verifyThat(postRequestedFor(urlPathEqualTo("/workflow_runs/wr_w2/cancel"))
                .withHeader("x-extend-workspace-id", equalTo("ws_other")));
    }

    @Test
    void anotherWorkspaceIsRefusedWithoutCallingExtend() {
        Result result = Lambda.invoke("{\"id\":\"wr_w3\",\"workspaceId\":\"ws_intruder\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.WorkspaceNotAllowed");
        assertThat(result.errorMessage()).contains("ws_intruder", "wr_w3");
        assertThat(wiremock.getServeEvents()).isEmpty();
    }

    @Test
    void overHttpItIs403() {
        ObjectNode event = AwsEvents.httpApiV2("workflow-runs", "wr_w4");
        ((ObjectNode) event.get("headers")).put("x-extend-workspace-id", "ws_intruder");

        Result result = Lambda.invoke(event);

        assertThat(result.statusCode()).isEqualTo(403);
        assertThat(result.httpBody().path("error").asText()).isEqualTo("WorkspaceNotAllowed");
        assertThat(wiremock.getServeEvents()).isEmpty();
    }
}
