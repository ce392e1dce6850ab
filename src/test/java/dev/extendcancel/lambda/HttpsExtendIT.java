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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

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
 * The packaged function (JVM under AWS's runtime interface client, or the native bootstrap) calling Extend over
 * HTTPS, as on AWS: a WireMock Extend with a certificate made for this run, which the function trusts only because
 * EXTEND_EXTRA_CA_CERTS names it at run time (no rebuild), on top of the JDK's default CAs. Without it, or for a
 * certificate naming another host, the call is refused: verification is never relaxed.
 */
class HttpsExtendIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk_it_SECRET_7e1500d5";

    private static TestCertificate loopback;
    private static TestCertificate otherHost;
    private static WireMockServer extend;
    private static WireMockServer wrongHost;

    @BeforeAll
    static void startExtend() throws Exception {
        Path dir = Files.createTempDirectory("https-extend");
        loopback = TestCertificate.create(dir, "extend-loopback", "ip:127.0.0.1");
        otherHost = TestCertificate.create(dir, "extend-other-host", "dns:extend.invalid");
        extend = https(loopback);
        wrongHost = https(otherHost);
    }

    private static WireMockServer https(TestCertificate certificate) {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(certificate.keyStore().toString()).keystoreType("PKCS12")
                .keystorePassword(certificate.password()).keyManagerPassword(certificate.password()));
        server.start();
        server.stubFor(post(urlPathMatching("/workflow_runs/[A-Za-z0-9_-]+/cancel")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"workflow_run\",\"id\":\"{{request.pathSegments.[1]}}\",\"status\":\"CANCELLED\"}")
                .withTransformers("response-template")));
        return server;
    }

    @AfterAll
    static void stopExtend() {
        extend.stop();
        wrongHost.stop();
    }

    @Test
    void trustsTheCertificateNamedAtRunTime() throws Exception {
        Map<String, String> env = environment(extend);
        env.put("EXTEND_EXTRA_CA_CERTS", loopback.pem().toString());
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("https-trusted", env)) {
                Outcome first = runtime.invoke("{\"id\":\"wr_https_1\"}");
                Outcome second = runtime.invoke("{\"id\":\"wr_https_2\"}");

                assertThat(first.isError()).as(first.body()).isFalse();
                assertThat(JSON.readTree(first.body()).path("status").asText()).isEqualTo("CANCELLED");
                assertThat(JSON.readTree(second.body()).path("id").asText()).isEqualTo("wr_https_2");
                assertThat(extend.findAll(postRequestedFor(urlPathEqualTo("/workflow_runs/wr_https_1/cancel"))
                        .withHeader("Authorization", equalTo("Bearer " + KEY)))).hasSize(1);
                assertThat(lambda.log()).doesNotContain(KEY);
            }
        }
    }

    @Test
    void refusesAnUntrustedCertificate() throws Exception {
        JsonNode error = failedCancel(environment(extend), "wr_untrusted");

        assertThat(error.path("errorType").asText()).isEqualTo("dev.extendcancel.error.ExtendUnavailable");
        assertThat(error.path("errorMessage").asText()).contains("could not be reached", "wr_untrusted");
        assertThat(extend.findAll(postRequestedFor(urlPathEqualTo("/workflow_runs/wr_untrusted/cancel")))).isEmpty();
    }

    @Test
    void refusesATrustedCertificateForAnotherHost() throws Exception {
        Map<String, String> env = environment(wrongHost);
        env.put("EXTEND_EXTRA_CA_CERTS", otherHost.pem().toString());

        JsonNode error = failedCancel(env, "wr_wrong_host");

        assertThat(error.path("errorType").asText()).isEqualTo("dev.extendcancel.error.ExtendUnavailable");
        // trusted as a certificate, refused for its host name: the JDK's "No subject alternative names matching IP address"
        assertThat(error.path("errorMessage").asText()).contains("EXTEND_EXTRA_CA_CERTS", "127.0.0.1");
        assertThat(wrongHost.findAll(postRequestedFor(urlPathEqualTo("/workflow_runs/wr_wrong_host/cancel")))).isEmpty();
    }

    @Test
    void anUnreadableCertificateFileFailsAtStartupNamingTheVariable() throws Exception {
        Map<String, String> env = environment(extend);
        env.put("EXTEND_EXTRA_CA_CERTS", "/nonexistent/extra-ca.pem");
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("https-bad-ca-file", env)) {
                if (!PackagedFunction.isNative()) {
                    String reported = "";
                    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (reported.isEmpty() && lambda.isAlive() && System.nanoTime() < until) {
                        try {
                            reported = runtime.initError(Duration.ofMillis(200));
                        } catch (TimeoutException notYet) {
                            // keep waiting
                        }
                    }
                    assertThat(JSON.readTree(reported).path("errorMessage").asText()).contains("EXTEND_EXTRA_CA_CERTS");
                }
                assertThat(lambda.exits(30)).as("a function that cannot start exits").isTrue();
                assertThat(lambda.log()).contains("EXTEND_EXTRA_CA_CERTS=/nonexistent/extra-ca.pem");
            }
        }
    }

    private static JsonNode failedCancel(Map<String, String> env, String runId) throws Exception {
        env.put("EXTEND_MAX_ATTEMPTS", "1");
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            try (PackagedFunction lambda = PackagedFunction.start("https-" + runId, env)) {
                Outcome outcome = runtime.invoke("{\"id\":\"" + runId + "\"}");
                assertThat(outcome.isError()).as(outcome.body()).isTrue();
                return JSON.readTree(outcome.body());
            }
        }
    }

    private static Map<String, String> environment(WireMockServer server) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_FUNQY_EXPORT", "cancelWorkflowRun");
        env.put("EXTEND_API_KEY", KEY);
        env.put("EXTEND_BASE_URL", "https://127.0.0.1:" + server.httpsPort());
        env.put("EXTEND_TIMEOUT", "10s");
        return env;
    }
}
