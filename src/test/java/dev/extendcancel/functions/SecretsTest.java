package dev.extendcancel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.extendcancel.support.ExtendStubs.cancel;
import static dev.extendcancel.support.ExtendStubs.error;
import static dev.extendcancel.support.ExtendStubs.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import dev.extendcancel.support.CapturedLog;
import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every error path runs with a recognisable key, and even an Extend that echoes the key back: the key must appear in
 * no log record, no error message and no response. (WireMock's own request log is test tooling and is left out.)
 */
@QuarkusTest
@ConnectWireMock
class SecretsTest {

    private static final String KEY = "sk_test_SECRET_e2e8f1c0ffee";

    WireMock wiremock;

    @ConfigProperty(name = "quarkus.wiremock.devservices.port")
    int wiremockPort;

    private final CapturedLog log = new CapturedLog("io.quarkiverse.wiremock");

    @BeforeEach
    void setUp() {
        ExtendStubs.reset(wiremock);
        log.start();
    }

    @AfterEach
    void tearDown() {
        log.stop();
    }

    @Test
    void theKeyAppearsNowhereOnAnyErrorPath() {
        String echo = "Invalid API key Bearer " + KEY + " for this workspace";
        wiremock.register(cancel("workflow_runs", "wr_s401").willReturn(error(401, "UNAUTHORIZED", echo)));
        wiremock.register(cancel("workflow_runs", "wr_s403").willReturn(json(403, "{\"error\":{\"message\":\"" + echo + "\"}}")));
        wiremock.register(cancel("workflow_runs", "wr_s429").willReturn(error(429, "RATE_LIMIT_EXCEEDED", echo)
                .withHeader("Retry-After", "0")));
        wiremock.register(cancel("workflow_runs", "wr_s500").willReturn(aResponse().withStatus(500).withBody("<html>" + echo)));
        wiremock.register(cancel("workflow_runs", "wr_sreset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wiremock.register(cancel("workflow_runs", "wr_s404").willReturn(json(404, "{\"error\":\"" + echo + "\"}")));

        List<Result> results = new ArrayList<>();
        for (String id : List.of("wr_s401", "wr_s403", "wr_s429", "wr_s500", "wr_sreset", "wr_s404", "wr_finished_s",
                "wr_missing_s")) {
            results.add(Lambda.invoke("{\"id\":\"" + id + "\"}"));
            results.add(Lambda.invoke(AwsEvents.httpApiV2("workflow-runs", id)));
        }
        results.add(Lambda.invoke("{\"id\":\"../" + KEY + "\"}"));

        assertThat(results).allSatisfy(result -> assertThat(result.raw()).doesNotContain(KEY));
        assertThat(results).filteredOn(Result::isError).hasSizeGreaterThanOrEqualTo(8);
        assertThat(results).anySatisfy(result -> assertThat(result.raw()).contains("[redacted]"));
        assertThat(log.lines()).hasSizeGreaterThanOrEqualTo(17);
        assertThat(log.lines()).allSatisfy(line -> assertThat(line).doesNotContain(KEY));
    }

    @Test
    void aRedirectElsewhereIsNotFollowedSoTheKeyGoesNowhereElse() {
        wiremock.register(cancel("workflow_runs", "wr_redirect").willReturn(aResponse().withStatus(307)
                .withHeader("Location", "http://localhost:" + wiremockPort + "/collector")));

        Result result = Lambda.invoke("{\"id\":\"wr_redirect\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExtendUnavailable");
        wiremock.verifyThat(0, anyRequestedFor(urlPathEqualTo("/collector")));
    }
}
