package dev.extendcancel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * AWS's own API Gateway sample events (shared/aws-events, copied verbatim from AWS's Lambda libraries), with the
 * route, path and path parameters rewritten to this product's routes, so that the adapters are tested against
 * events nobody here wrote.
 */
public final class AwsEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of(System.getProperty("aws.events.dir", "../shared/aws-events"));

    private AwsEvents() {
    }

    /** An HTTP API payload 2.0 event (no authorizer) for POST /{route}/{id}/cancel. */
    public static ObjectNode httpApiV2(String route, String runId) {
        ObjectNode event = load("apigw-v2-request-no-authorizer.json");
        String path = "/" + route + "/" + runId + "/cancel";
        event.put("routeKey", "POST /" + route + "/{id}/cancel").put("rawPath", path);
        ObjectNode http = (ObjectNode) event.get("requestContext").get("http");
        http.put("method", "POST").put("path", path);
        ((ObjectNode) event.get("requestContext")).put("routeKey", "POST /" + route + "/{id}/cancel");
        event.putObject("pathParameters").put("id", runId);
        return event;
    }

    /** An HTTP API payload 2.0 event with IAM authorizer context (it carries a body, cookies and other parameters). */
    public static ObjectNode httpApiV2Iam(String route, String runId) {
        ObjectNode event = load("apigw-v2-request-iam.json");
        String path = "/" + route + "/" + runId + "/cancel";
        event.put("routeKey", "POST /" + route + "/{id}/cancel").put("rawPath", path);
        ((ObjectNode) event.get("requestContext").get("http")).put("method", "POST").put("path", path);
        event.putObject("pathParameters").put("id", runId);
        return event;
    }

    /** A REST API (v1) Lambda proxy event for POST /{route}/{id}/cancel. */
    public static ObjectNode restApiV1(String route, String runId) {
        ObjectNode event = load("apigw-rest-v1-proxy.json");
        String path = "/" + route + "/" + runId + "/cancel";
        event.put("resource", "/" + route + "/{id}/cancel").put("path", path).put("httpMethod", "POST");
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("resourcePath", "/" + route + "/{id}/cancel").put("httpMethod", "POST").put("path", "/prod" + path);
        event.putObject("pathParameters").put("id", runId);
        return event;
    }

    public static ObjectNode load(String name) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(DIR.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("AWS sample event " + DIR.resolve(name) + " (set -Daws.events.dir)", e);
        }
    }
}
