package dev.extendcancel.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.extendcancel.support.ExtendStubs.cancel;
import static dev.extendcancel.support.ExtendStubs.error;
import static dev.extendcancel.support.ExtendStubs.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.CapturedLog;
import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.Lambda.Result;
import dev.extendcancel.support.SecretsExtensionStub;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * EXTEND_API_KEY_SECRET_ID: the key is read through a loopback stand-in for the AWS Parameters and Secrets Lambda
 * Extension (path, secretId and token header checked, GetSecretValue's answer), on first use, with a brief retry
 * while the extension starts, and once more after a 401 (rotation). The tests run in order because the first
 * successful read is kept for the life of the function, as on Lambda. No key value may appear in any log record,
 * error or response.
 */
@QuarkusTest
@ConnectWireMock
@TestProfile(SecretsExtensionTest.SecretMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsExtensionTest {

    static final String SECRET_ID = "prod/extend-cancel/api-key";
    static final String TOKEN = "session_token_for_the_extension";
    static final String OLD_KEY = "sk_live_SECRET_old_5a1t";
    static final String NEW_KEY = "sk_live_SECRET_new_7b2u";
    static final String NEWER_KEY = "sk_live_SECRET_newer_8c3v";
    /**
     * A fixed port (from this project's test range): the profile is read in another class loader than the one the
     * tests run in, so the two cannot share a stub started on a free port.
     */
    static final int EXTENSION_PORT = 19231;
    static SecretsExtensionStub EXTENSION;

    public static class SecretMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("%test.extend.api-key", "", "extend.api-key-secret-id", SECRET_ID,
                    "extend.api-key-secret-field", "apiKey",
                    "parameters.secrets.extension.http.port", Integer.toString(EXTENSION_PORT),
                    "aws.session.token", TOKEN);
        }
    }

    WireMock wiremock;

    private static final CapturedLog LOG = new CapturedLog("io.quarkiverse.wiremock");
    private static final List<String> ANSWERS = new ArrayList<>();
    @BeforeEach
    void setUp() {
        ExtendStubs.reset(wiremock);
        // Extend accepts the newest key only: earlier ones get 401, as after a rotation
        for (String id : List.of("wr_k1", "wr_k2", "wr_k3", "wr_k4", "wr_k5", "wr_k6")) {
            wiremock.register(cancel("workflow_runs", id).atPriority(2)
                    .willReturn(error(401, "UNAUTHORIZED", "Invalid API key")));
        }
        LOG.start();
    }

    @AfterEach
    void tearDown() {
        LOG.stop();
    }

    @BeforeAll
    static void startExtension() throws IOException {
        EXTENSION = new SecretsExtensionStub(EXTENSION_PORT, SECRET_ID, TOKEN, json(OLD_KEY));
    }

    @AfterAll
    static void noKeyAnywhere() {
        EXTENSION.close();
        assertThat(LOG.lines()).isNotEmpty();
        for (String key : List.of(OLD_KEY, NEW_KEY, NEWER_KEY, "SECRET_")) {
            assertThat(LOG.lines()).allSatisfy(line -> assertThat(line).doesNotContain(key));
            synchronized (ANSWERS) {
                assertThat(ANSWERS).allSatisfy(answer -> assertThat(answer).doesNotContain(key));
            }
        }
    }

    @Test
    @Order(1)
    void anExtensionThatIsDownIsARetryableErrorNamingTheSecretAndExtendIsNotCalled() {
        EXTENSION.stop();

        Result result = invoke("{\"id\":\"wr_k1\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExtendUnavailable");
        assertThat(result.errorMessage()).contains(SECRET_ID, "could not be reached", "wr_k1", "did not go through");
        assertThat(ExtendStubs.calls(wiremock)).isZero();
        Result http = invoke(AwsEvents.httpApiV2("workflow-runs", "wr_k1"));
        assertThat(http.statusCode()).isEqualTo(503);
    }

    @Test
    @Order(2)
    void anExtensionThatRefusesIsARejectedRequestNamingTheSecret() throws IOException {
        EXTENSION.restart();
        EXTENSION.answerNext(400, "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized to perform"
                + " secretsmanager:GetSecretValue\"}");

        Result result = invoke("{\"id\":\"wr_k1\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExtendRejectedRequest");
        assertThat(result.errorMessage()).contains(SECRET_ID, "answered 400", "AccessDeniedException");
        assertThat(ExtendStubs.calls(wiremock)).isZero();
    }

    @Test
    @Order(3)
    void theKeyIsReadThroughTheExtensionOnFirstUseAfterItHasStarted() {
        int before = EXTENSION.requests().size();
        wiremock.register(cancel("workflow_runs", "wr_k2").withHeader("Authorization", equalTo("Bearer " + OLD_KEY))
                .willReturn(run("workflow_run", "wr_k2", "CANCELLED")));
        // the extension is still starting: it answers "not ready" twice, then serves the secret
        EXTENSION.answerNext(400, "{\"error\":\"not ready to serve traffic, please wait\"}");
        EXTENSION.answerNext(400, "{\"error\":\"not ready to serve traffic, please wait\"}");

        Result result = invoke("{\"id\":\"wr_k2\"}");

        assertThat(result.isError()).as(result.raw()).isFalse();
        List<SecretsExtensionStub.Request> reads = EXTENSION.requests().subList(before, EXTENSION.requests().size());
        assertThat(reads).hasSize(3).allSatisfy(read -> {
            assertThat(read.path()).isEqualTo("/secretsmanager/get");
            assertThat(read.secretId()).isEqualTo(SECRET_ID);
            assertThat(read.token()).isEqualTo(TOKEN);
        });

        assertThat(invoke("{\"id\":\"wr_k2\"}").isError()).as("then kept").isFalse();
        assertThat(EXTENSION.requests()).hasSize(before + 3);
    }

    @Test
    @Order(4)
    void aRotatedSecretIsReadAgainOnA401AndTheCallIsMadeOnceMore() {
        EXTENSION.rotate(json(NEW_KEY));
        wiremock.register(cancel("workflow_runs", "wr_k3").withHeader("Authorization", equalTo("Bearer " + NEW_KEY))
                .willReturn(run("workflow_run", "wr_k3", "CANCELLED")));
        int before = EXTENSION.requests().size();

        Result result = invoke("{\"id\":\"wr_k3\"}");

        assertThat(result.isError()).as(result.raw()).isFalse();
        assertThat(EXTENSION.requests()).hasSize(before + 1);
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/workflow_runs/wr_k3/cancel"))
                .withHeader("Authorization", equalTo("Bearer " + OLD_KEY)));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/workflow_runs/wr_k3/cancel"))
                .withHeader("Authorization", equalTo("Bearer " + NEW_KEY)));
    }

    @Test
    @Order(5)
    void aSecond401IsExtendRejectedRequest() {
        EXTENSION.rotate(json(NEWER_KEY));

        Result result = invoke("{\"id\":\"wr_k4\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExtendRejectedRequest");
        assertThat(result.errorMessage()).contains("401", "wr_k4");
        wiremock.verifyThat(2, postRequestedFor(urlPathEqualTo("/workflow_runs/wr_k4/cancel")));
    }

    @Test
    @Order(6)
    void a401WithTheSameKeyStillInTheSecretIsNotRetried() {
        int before = EXTENSION.requests().size();

        Result result = invoke("{\"id\":\"wr_k5\"}");

        assertThat(result.errorType()).isEqualTo("dev.extendcancel.error.ExtendRejectedRequest");
        assertThat(EXTENSION.requests()).as("read once more").hasSize(before + 1);
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/workflow_runs/wr_k5/cancel")));
    }

    private static Result invoke(Object event) {
        Result result = Lambda.invoke(event);
        synchronized (ANSWERS) {
            ANSWERS.add(result.raw());
        }
        return result;
    }

    private static String json(String key) {
        return "{\"apiKey\":\"" + key + "\",\"note\":\"rotated by the test\"}";
    }
}
