package dev.extendcancel.extend;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A final answer from Extend about one run: the run itself, or a refusal that retrying cannot change. */
public sealed interface ExtendResult {

    record Run(ObjectNode run) implements ExtendResult {

        /** The run's status, upper-cased: Extend writes them so, but treats status as an open string. */
        public String status() {
            return run.path("status").asText().toUpperCase(Locale.ROOT);
        }
    }

    record Refused(ExtendAnswer answer) implements ExtendResult {

        public int status() {
            return answer.status();
        }
    }
}
