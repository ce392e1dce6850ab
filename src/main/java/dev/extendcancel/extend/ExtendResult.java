package dev.extendcancel.extend;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A final answer from Extend about one run: the run itself, or a refusal that retrying cannot change. */
public sealed interface ExtendResult {

    record Run(ObjectNode run) implements ExtendResult {

        public String status() {
            return run.path("status").asText();
        }
    }

    record Refused(ExtendAnswer answer) implements ExtendResult {

        public int status() {
            return answer.status();
        }
    }
}
