package dev.extendcancel.support;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the Step Functions stand-in before Quarkus and points the AWS SDK at it the way the SDK itself is configured
 * in Lambda, only through the system-property twins of the standard variables ({@code aws.endpointUrlSfn} for
 * {@code AWS_ENDPOINT_URL_SFN}, {@code aws.region}, {@code aws.accessKeyId}...): the code under test reads no
 * setting of its own for it.
 */
public class StepFunctionsStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY_ID = "AKIDSTANDIN0000000000";
    private static final Map<String, String> SDK_SETTINGS = Map.of(
            "aws.region", "us-east-1",
            "aws.accessKeyId", ACCESS_KEY_ID,
            "aws.secretAccessKey", "standin-secret-access-key",
            "aws.sessionToken", "standin-session-token");

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = StepFunctionsApi.start();
        SDK_SETTINGS.forEach(System::setProperty);
        System.setProperty("aws.endpointUrlSfn", server.baseUrl());
        return Map.of();
    }

    @Override
    public void stop() {
        SDK_SETTINGS.keySet().forEach(System::clearProperty);
        System.clearProperty("aws.endpointUrlSfn");
        if (server != null) {
            server.stop();
        }
    }
}
