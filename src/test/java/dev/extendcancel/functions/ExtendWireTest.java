package dev.extendcancel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.Lambda;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;

/** What goes over the wire to Extend: what Extend's own SDKs send, and nothing more. */
@QuarkusTest
@ConnectWireMock
class ExtendWireTest {

    WireMock wiremock;

    @BeforeEach
    void resetExtend() {
        ExtendStubs.reset(wiremock);
    }

    @Test
    void cancelIsABodilessPostWithTheSdkHeaders() {
        Lambda.invoke("{\"id\":\"wr_wire-1\"}");

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/workflow_runs/wr_wire-1/cancel"))
                .withHeader("Authorization", equalTo("Bearer sk_test_SECRET_e2e8f1c0ffee"))
                .withHeader("x-extend-api-version", equalTo("2026-02-09"))
                // the release's version (pom.xml, quarkus.application.version), whatever it is
                .withHeader("User-Agent", equalTo("extend-cancel/"
                        + ConfigProvider.getConfig().getValue("quarkus.application.version", String.class)))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("x-extend-workspace-id", absent()));
        LoggedRequest request = wiremock.find(postRequestedFor(urlPathEqualTo("/workflow_runs/wr_wire-1/cancel"))).get(0);
        assertThat(request.getBody()).isEmpty();
        assertThat(request.getHeader("Content-Type")).isNull();
    }

    @Test
    void theReadAfterARefusalCarriesTheSameHeadersAndWorkspace() {
        Lambda.invoke("{\"id\":\"wr_cancelled_wire\",\"workspaceId\":\"ws_42\"}");

        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo("/workflow_runs/wr_cancelled_wire"))
                .withHeader("Authorization", equalTo("Bearer sk_test_SECRET_e2e8f1c0ffee"))
                .withHeader("x-extend-api-version", equalTo("2026-02-09"))
                .withHeader("x-extend-workspace-id", equalTo("ws_42")));
    }
}
