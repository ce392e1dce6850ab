package dev.extendcancel.extend;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Extend's error, from any of the body shapes it has used: {@code {"code","message","requestId"}},
 * {@code {"error": "..."}}, {@code {"success": false, "error": "..."}}, or the whole body wrapped as
 * {@code {"error": {...}}}. A body that is not JSON (a proxy's HTML page) yields no code and no message.
 */
public record ExtendErrorBody(String code, String message, String requestId) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE_CHARS = 500;

    static ExtendErrorBody parse(byte[] body, String requestIdHeader) {
        JsonNode node = readQuietly(body);
        if (node.path("error").isObject()) {
            node = node.get("error");
        }
        String code = text(node, "code");
        String message = text(node, "message");
        if (message == null) {
            message = text(node, "error");
        }
        String requestId = text(node, "requestId");
        return new ExtendErrorBody(code, truncate(message), requestId != null ? requestId : blankToNull(requestIdHeader));
    }

    private static JsonNode readQuietly(byte[] body) {
        if (body == null || body.length == 0) {
            return JSON.missingNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException notJson) {
            return JSON.missingNode();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? blankToNull(value.asText()) : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String truncate(String message) {
        return message == null || message.length() <= MAX_MESSAGE_CHARS ? message
                : message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
