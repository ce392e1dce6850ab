package dev.extendcancel.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * AWS's own sample events (src/test/resources/aws-events, verbatim from AWS's Lambda libraries and docs); the API
 * Gateway ones with the route, path and path parameters rewritten to this product's routes, so that the adapters are tested against
 * events nobody here wrote.
 */
public final class AwsEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsEvents() {
    }

    /** An HTTP API payload 2.0 event (no authorizer) for POST /{route}/{id}/cancel. */
    public static ObjectNode httpApiV2(String route, String runId) {
        return httpApiV2At("/" + route + "/{id}/cancel", runId);
    }

    /** An HTTP API payload 2.0 event (no authorizer) for POST on a route template, e.g. /workflows/{id}/runs/cancel. */
    public static ObjectNode httpApiV2At(String template, String id) {
        ObjectNode event = load("apigw-v2-request-no-authorizer.json");
        String path = template.replace("{id}", id);
        event.put("routeKey", "POST " + template).put("rawPath", path);
        ObjectNode http = (ObjectNode) event.get("requestContext").get("http");
        http.put("method", "POST").put("path", path);
        ((ObjectNode) event.get("requestContext")).put("routeKey", "POST " + template);
        event.putObject("pathParameters").put("id", id);
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
        return restApiV1At("/" + route + "/{id}/cancel", runId);
    }

    /** A REST API (v1) Lambda proxy event for POST on a resource template, e.g. /workflows/{id}/runs/cancel. */
    public static ObjectNode restApiV1At(String template, String id) {
        ObjectNode event = load("apigw-rest-v1-proxy.json");
        String path = template.replace("{id}", id);
        event.put("resource", template).put("path", path).put("httpMethod", "POST");
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("resourcePath", template).put("httpMethod", "POST").put("path", "/prod" + path);
        event.putObject("pathParameters").put("id", id);
        return event;
    }

    /**
     * An SQS event as the event source mapping delivers it: AWS's sample record once per message, with its
     * {@code messageId}, {@code body} (the message as sent) and receive count replaced. {@code messages}: id, body.
     */
    public static ObjectNode sqs(int receiveCount, String... idsAndBodies) {
        ObjectNode event = load("sqs-event.json");
        ObjectNode sample = (ObjectNode) event.get("Records").get(0);
        var records = event.putArray("Records");
        for (int i = 0; i + 1 < idsAndBodies.length; i += 2) {
            ObjectNode record = sample.deepCopy();
            record.put("messageId", idsAndBodies[i]).put("body", idsAndBodies[i + 1]);
            ((ObjectNode) record.get("attributes")).put("ApproximateReceiveCount", Integer.toString(receiveCount));
            records.add(record);
        }
        return event;
    }

    /** A sample event exactly as stored, byte for byte. */
    public static String raw(String name) {
        String resource = "/aws-events/" + name;
        try (InputStream in = AwsEvents.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no AWS sample event " + resource + " on the test classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("AWS sample event " + resource, e);
        }
    }

    public static ObjectNode load(String name) {
        String resource = "/aws-events/" + name;
        try (InputStream in = AwsEvents.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no AWS sample event " + resource + " on the test classpath");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("AWS sample event " + resource, e);
        }
    }
}
