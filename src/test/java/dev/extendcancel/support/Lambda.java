package dev.extendcancel.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;

/**
 * Invokes the function under test through Quarkus's mock event server and the real Lambda poll loop: the event is
 * queued, the poll loop fetches it from the Runtime API, and what the function posts back (response or error) is
 * what this returns. An error answer carries the errorType that Step Functions would match.
 */
public final class Lambda {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Lambda() {
    }

    public static Result invoke(Object event) {
        String body = event instanceof String raw ? raw : event.toString();
        Response response = given().contentType("application/json").body(body).when().post();
        String raw = response.asString();
        return new Result(response.statusCode() == 500, read(raw), raw);
    }

    /** What reached the Runtime API: a response, or an error ({@code errorType}, {@code errorMessage}). */
    public record Result(boolean isError, JsonNode body, String raw) {

        public String errorType() {
            return isError ? body.path("errorType").asText() : null;
        }

        public String errorMessage() {
            return body.path("errorMessage").asText();
        }

        /** For API Gateway events: the proxy response's status. */
        public int statusCode() {
            return body.path("statusCode").asInt();
        }

        /** For API Gateway events: the proxy response's body, parsed. */
        public JsonNode httpBody() {
            return read(body.path("body").asText());
        }

        /** For API Gateway events: the proxy response's body as sent, byte for byte. */
        public String rawHttpBody() {
            return body.path("body").asText();
        }

        public String header(String name) {
            return body.path("headers").path(name).asText(null);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
