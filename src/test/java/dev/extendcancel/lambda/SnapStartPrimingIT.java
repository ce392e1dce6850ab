package dev.extendcancel.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.extendcancel.support.PackagedFunction;
import dev.extendcancel.support.RuntimeApiEmulator;
import dev.extendcancel.support.RuntimeApiEmulator.Outcome;
import dev.extendcancel.support.TestCertificate;

/**
 * The packaged function initialised as SnapStart initialises it ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}):
 * the JVM build primes its first call to Extend during init, against its own loopback server, and reaches the
 * snapshot point ({@code GET /restore/next}) without a single request to Extend, so no key left the process and no
 * connection to Extend is in the snapshot; the first invocation after it then cancels over HTTPS as usual.
 */
class SnapStartPrimingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk_it_SECRET_5a95a0f7";

    private static TestCertificate certificate;
    private static WireMockServer extend;

    @BeforeAll
    static void startExtend() throws Exception {
        certificate = TestCertificate.create(Files.createTempDirectory("snapstart"), "extend", "ip:127.0.0.1");
        extend = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(certificate.keyStore().toString()).keystoreType("PKCS12")
                .keystorePassword(certificate.password()).keyManagerPassword(certificate.password()));
        extend.start();
        extend.stubFor(post(urlPathMatching("/workflow_runs/[A-Za-z0-9_-]+/cancel")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"workflow_run\",\"id\":\"{{request.pathSegments.[1]}}\",\"status\":\"CANCELLED\"}")
                .withTransformers("response-template")));
    }

    @AfterAll
    static void stopExtend() {
        extend.stop();
    }

    @Test
    void primesWithoutCallingExtendThenServesTheFirstInvocation() throws Exception {
        extend.resetRequests();
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        env.put("QUARKUS_FUNQY_EXPORT", "cancelWorkflowRun");
        env.put("EXTEND_API_KEY", KEY);
        env.put("EXTEND_BASE_URL", "https://127.0.0.1:" + extend.httpsPort());
        env.put("EXTEND_EXTRA_CA_CERTS", certificate.pem().toString());
        boolean jvm = !PackagedFunction.isNative();
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("snap-start", env)) {
                if (jvm) {
                    // AWS's runtime client asks for the snapshot once the handler is made, i.e. Quarkus started and primed
                    runtime.awaitSnapshot(Duration.ofSeconds(120));

                    assertThat(extend.getAllServeEvents()).as("requests that reached Extend during init").isEmpty();
                    assertThat(lambda.log()).contains("Primed the first call to Extend", "\"loopbackRequests\":2")
                            .doesNotContain("SnapStart priming failed");
                }

                Outcome outcome = runtime.invoke("{\"id\":\"wr_after_restore\"}");

                assertThat(outcome.isError()).as(outcome.body()).isFalse();
                JsonNode run = JSON.readTree(outcome.body());
                assertThat(run.path("id").asText()).isEqualTo("wr_after_restore");
                assertThat(run.path("status").asText()).isEqualTo("CANCELLED");
                assertThat(extend.getAllServeEvents()).hasSize(1);
                assertThat(extend.findAll(postRequestedFor(urlPathEqualTo("/workflow_runs/wr_after_restore/cancel"))
                        .withHeader("Authorization", equalTo("Bearer " + KEY)))).hasSize(1);
                assertThat(lambda.log()).doesNotContain(KEY);
                if (!jvm) {
                    assertThat(lambda.log()).as("no priming in a native executable").doesNotContain("Primed");
                }
            }
        }
    }

    @Test
    void onDemandInitDoesNotPrime() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("QUARKUS_FUNQY_EXPORT", "cancelWorkflowRun");
        env.put("EXTEND_API_KEY", KEY);
        env.put("EXTEND_BASE_URL", "https://127.0.0.1:" + extend.httpsPort());
        env.put("EXTEND_EXTRA_CA_CERTS", certificate.pem().toString());
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("on-demand", env)) {
                Outcome outcome = runtime.invoke("{\"id\":\"wr_on_demand\"}");

                assertThat(outcome.isError()).as(outcome.body()).isFalse();
                assertThat(lambda.log()).doesNotContain("Primed");
            }
        }
    }
}
