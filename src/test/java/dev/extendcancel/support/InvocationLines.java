package dev.extendcancel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads every line a function printed, as CloudWatch Logs would receive them, and checks the contract's logging:
 * each line one JSON object; the invocation lines with Powertools' standard keys and valid CloudWatch Embedded
 * Metric Format; no per-line noise (host name, process ids).
 */
public final class InvocationLines {

    public static final String LOGGER = "dev.extendcancel.invocation";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The caller's faults, logged at WARN; Extend's at ERROR; success at INFO. */
    private static final Set<String> WARN = Set.of("InvalidRunRequest", "WorkspaceNotAllowed", "RunNotFound",
            "RunNotCancellable", "ExecutionNotFound");

    private InvocationLines() {
    }

    /** Every line of {@code log}, each of which must be a JSON object. */
    public static List<JsonNode> all(String log) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as("a JSON object per line: %s", line).isTrue();
                assertThat(node.has("hostName") || node.has("processId") || node.has("processName")
                        || node.has("threadId") || node.has("sequence")).as("no per-line noise: %s", line).isFalse();
                lines.add(node);
            } catch (JsonProcessingException notJson) {
                throw new AssertionError("a log line that is not JSON: " + line, notJson);
            }
        }
        return lines;
    }

    /** The invocation lines among {@link #all}, each checked as {@link #checkInvocationLine} does. */
    public static List<JsonNode> invocations(String log) {
        List<JsonNode> lines = new ArrayList<>();
        for (JsonNode line : all(log)) {
            if (LOGGER.equals(line.path("loggerName").asText())) {
                checkInvocationLine(line);
                lines.add(line);
            }
        }
        return lines;
    }

    /** The standard keys with their types, the level that fits the outcome, and valid EMF. */
    public static void checkInvocationLine(JsonNode line) {
        String outcome = line.path("outcome").asText();
        assertThat(outcome).as("outcome: %s", line).isNotBlank();
        String error = line.path("error").asText(null);
        String level = error == null ? "INFO" : WARN.contains(error) ? "WARN" : "ERROR";
        assertThat(line.path("level").asText()).as("level of %s", line).isEqualTo(level);
        if (error != null) {
            assertThat(outcome).as("a failure's outcome is its error name").isEqualTo(error);
        }
        assertThat(line.path("message").asText()).isNotBlank();
        assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        assertThat(line.path("function").isTextual()).isTrue();
        assertThat(line.path("attempts").isInt()).isTrue();
        assertThat(line.path("durationMs").isIntegralNumber()).isTrue();
        assertThat(line.path("service").isTextual()).as("service: %s", line).isTrue();
        assertThat(line.path("cold_start").isBoolean()).as("cold_start: %s", line).isTrue();
        checkEmf(line);
    }

    /**
     * CloudWatch Embedded Metric Format, as AWS specifies it: {@code _aws.Timestamp} (epoch millis) and
     * {@code _aws.CloudWatchMetrics} [{Namespace, Dimensions: [[...]], Metrics: [{Name, Unit}]}]; every dimension a
     * string and every metric a number at the root of the same object.
     */
    public static void checkEmf(JsonNode line) {
        JsonNode aws = line.path("_aws");
        assertThat(aws.isObject()).as("_aws in %s", line).isTrue();
        assertThat(aws.path("Timestamp").isIntegralNumber()).isTrue();
        assertThat(aws.path("Timestamp").asLong()).isBetween(System.currentTimeMillis() - 3_600_000L,
                System.currentTimeMillis() + 60_000L);
        JsonNode directives = aws.path("CloudWatchMetrics");
        assertThat(directives.isArray() && directives.size() > 0).isTrue();
        for (JsonNode directive : directives) {
            assertThat(directive.path("Namespace").asText()).matches("[^:].{0,255}");
            assertThat(directive.path("Dimensions").isArray()).isTrue();
            for (JsonNode set : directive.path("Dimensions")) {
                assertThat(set.isArray() && set.size() >= 1 && set.size() <= 30).isTrue();
                for (JsonNode dimension : set) {
                    assertThat(line.path(dimension.asText()).isTextual())
                            .as("dimension %s is a string at the root of %s", dimension, line).isTrue();
                    assertThat(line.path(dimension.asText()).asText()).isNotEmpty();
                }
            }
            Set<String> names = new HashSet<>();
            assertThat(directive.path("Metrics").size()).isBetween(1, 100);
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                assertThat(names.add(name)).as("metric %s listed once", name).isTrue();
                assertThat(metric.path("Unit").asText()).isIn("Count", "Milliseconds", "Seconds", "None");
                assertThat(line.path(name).isNumber()).as("metric %s is a number at the root of %s", name, line)
                        .isTrue();
            }
        }
    }
}
