package dev.extendcancel.extend;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every error body shape Extend has used, and the ones a proxy in between may send. */
class ExtendErrorBodyTest {

    @Test
    void currentShape() {
        assertThat(parse("{\"code\":\"NOT_FOUND\",\"message\":\"No run\",\"retryable\":false,\"requestId\":\"req_1\"}", null))
                .isEqualTo(new ExtendErrorBody("NOT_FOUND", "No run", "req_1"));
    }

    @Test
    void legacyShapes() {
        assertThat(parse("{\"error\":\"Bad key\"}", null)).isEqualTo(new ExtendErrorBody(null, "Bad key", null));
        assertThat(parse("{\"success\":false,\"error\":\"Bad key\"}", "req_h"))
                .isEqualTo(new ExtendErrorBody(null, "Bad key", "req_h"));
        assertThat(parse("{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"Bad key\",\"requestId\":\"req_w\"}}", "req_h"))
                .isEqualTo(new ExtendErrorBody("UNAUTHORIZED", "Bad key", "req_w"));
    }

    @Test
    void bodiesThatAreNotExtendsNeverCrash() {
        for (String body : new String[] { "", "<html>502</html>", "null", "[1,2]", "{\"code\":42}", "\"text\"", "{" }) {
            assertThat(parse(body, "req_h")).isEqualTo(new ExtendErrorBody(null, null, "req_h"));
        }
    }

    @Test
    void longMessagesAreCut() {
        assertThat(parse("{\"message\":\"" + "m".repeat(5000) + "\"}", null).message()).hasSize(503);
    }

    private static ExtendErrorBody parse(String body, String requestIdHeader) {
        return ExtendErrorBody.parse(body.getBytes(UTF_8), requestIdHeader);
    }
}
