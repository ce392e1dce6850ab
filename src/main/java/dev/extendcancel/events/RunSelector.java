package dev.extendcancel.events;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What cancelRuns stops: every in-flight run of one workflow, extractor, classifier or splitter, or of one workflow
 * batch. Named by exactly one field of a direct invocation, which is also the name of Extend's list filter
 * ({@code workflowId}, {@code extractorId}, ...), or by the route of an HTTP request.
 */
public record RunSelector(By by, String id) {

    /** What a selector names, its direct-invocation field (Extend's filter parameter) and its route's collection. */
    public enum By {
        WORKFLOW("workflowId", "workflows", "workflow"),
        EXTRACTOR("extractorId", "extractors", "extractor"),
        CLASSIFIER("classifierId", "classifiers", "classifier"),
        SPLITTER("splitterId", "splitters", "splitter"),
        BATCH("batchId", "workflow-batches", "batch");

        private final String field;
        private final String routeCollection;
        private final String noun;

        By(String field, String routeCollection, String noun) {
            this.field = field;
            this.routeCollection = routeCollection;
            this.noun = noun;
        }

        /** The field of a direct invocation, and Extend's list filter of the same name. */
        public String field() {
            return field;
        }

        /** The first segment of its HTTP route, e.g. {@code workflows} in {@code /workflows/{id}/runs/cancel}. */
        public String routeCollection() {
            return routeCollection;
        }

        public String noun() {
            return noun;
        }

        static Optional<By> ofRouteCollection(String segment) {
            return Arrays.stream(values()).filter(by -> by.routeCollection.equals(segment)).findFirst();
        }
    }

    public static RunSelector batch(String batchId) {
        return new RunSelector(By.BATCH, batchId);
    }

    /** {@code {"workflowId": "..."}}: the {@code selector} of cancelRuns' answers. */
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put(by.field(), id);
    }

    @Override
    public String toString() {
        return by.field() + "=" + id;
    }
}
