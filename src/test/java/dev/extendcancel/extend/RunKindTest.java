package dev.extendcancel.extend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A listing sent without the filter it was asked for would list every run of the workspace: refused before any call. */
class RunKindTest {

    @Test
    void eachListingTakesOnlyItsOwnFilters() {
        assertThat(RunKind.WORKFLOW_RUN.list(new RunFilter("workflowId", "wf_1"))).isNotNull();
        assertThat(RunKind.WORKFLOW_RUN.list(new RunFilter("batchId", "b_1"))).isNotNull();
        assertThat(RunKind.EXTRACT_RUN.list(new RunFilter("extractorId", "ex_1"))).isNotNull();

        assertThatThrownBy(() -> RunKind.WORKFLOW_RUN.list(new RunFilter("extractorId", "ex_1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not extractorId");
        assertThatThrownBy(() -> RunKind.SPLIT_RUN.list(new RunFilter("classifierId", "cl_1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes splitterId");
        assertThatThrownBy(() -> RunKind.PARSE_RUN.list(new RunFilter("batchId", "b_1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
