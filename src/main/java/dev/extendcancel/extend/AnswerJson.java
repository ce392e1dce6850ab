package dev.extendcancel.extend;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Reads a successful answer's body as a JSON tree, or nothing when it is larger than the caller allows or not JSON
 * (a proxy's HTML page): the caller then treats the answer as unreadable, which is retried. Numbers are kept exactly
 * as written, so a run passed through keeps them.
 */
final class AnswerJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private AnswerJson() {
    }

    static Optional<JsonNode> read(byte[] body, int maxBytes) {
        if (body.length > maxBytes) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(body));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}
