package dev.extendcancel.cancel;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The CloudWatch Embedded Metric Format metadata ({@code _aws}) of the invocation's log line: CloudWatch Logs turns
 * the line into metrics, with no call to CloudWatch and no flush thread. The metric values and the dimensions are
 * fields of the same line (InvocationLog writes them at the top level, as EMF requires).
 *
 * <p>
 * Written here rather than with Powertools' {@code powertools-metrics}: that library flushes its own JSON object
 * (a second line per invocation) and cannot add its block to this line; the README gives the measurements.
 *
 * <p>
 * One dimension set, small and stable: the service, the function, and the outcome (what succeeded, or the error's
 * name), so that an alarm can watch one error of one function.
 */
final class EmbeddedMetrics {

    static final String INVOCATIONS = "Invocations";
    static final String EXTEND_ATTEMPTS = "ExtendAttempts";
    static final String DURATION = "Duration";
    static final String COLD_START = "ColdStart";
    /** cancelExecutionRuns only: runs seen in the history but left alone (not the stopped execution's). */
    static final String SKIPPED_RUNS = "SkippedRuns";

    private static volatile ArrayNode directives;
    private static volatile String serviceName;

    private EmbeddedMetrics() {
    }

    /** POWERTOOLS_SERVICE_NAME: the {@code service} key and dimension. Read at run time, on first use. */
    static String serviceName() {
        String name = serviceName;
        if (name == null) {
            name = setting("powertools.service.name", "extend-cancel");
            serviceName = name;
        }
        return name;
    }

    /** {@code {"Timestamp": ..., "CloudWatchMetrics": [{"Namespace", "Dimensions", "Metrics"}]}}. */
    static ObjectNode metadata(long timestampMillis) {
        return metadata(timestampMillis, List.of());
    }

    /**
     * The same, with a function's own Count metrics added to the directive: EMF wants every listed metric's value on
     * the line, so a metric only some functions have is listed only on their lines.
     */
    static ObjectNode metadata(long timestampMillis, List<String> ownCounts) {
        ObjectNode aws = JsonNodeFactory.instance.objectNode();
        aws.put("Timestamp", timestampMillis);
        if (ownCounts.isEmpty()) {
            aws.set("CloudWatchMetrics", directives());
        } else {
            ArrayNode directives = directives().deepCopy();
            ArrayNode metrics = (ArrayNode) directives.get(0).get("Metrics");
            ownCounts.forEach(name -> metrics.addObject().put("Name", name).put("Unit", "Count"));
            aws.set("CloudWatchMetrics", directives);
        }
        return aws;
    }

    private static ArrayNode directives() {
        ArrayNode cached = directives;
        if (cached == null) {
            JsonNodeFactory json = JsonNodeFactory.instance;
            ObjectNode directive = json.objectNode();
            directive.put("Namespace", setting("powertools.metrics.namespace", "ExtendCancel"));
            directive.putArray("Dimensions").addArray().add("service").add("function").add("outcome");
            ArrayNode metrics = directive.putArray("Metrics");
            metrics.addObject().put("Name", INVOCATIONS).put("Unit", "Count");
            metrics.addObject().put("Name", EXTEND_ATTEMPTS).put("Unit", "Count");
            metrics.addObject().put("Name", DURATION).put("Unit", "Milliseconds");
            metrics.addObject().put("Name", COLD_START).put("Unit", "Count");
            cached = json.arrayNode().add(directive);
            directives = cached;
        }
        return cached;
    }

    private static String setting(String name, String otherwise) {
        return ConfigProvider.getConfig().getOptionalValue(name, String.class).filter(v -> !v.isBlank())
                .orElse(otherwise);
    }
}
