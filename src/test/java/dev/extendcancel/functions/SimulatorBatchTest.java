package dev.extendcancel.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.Lambda;
import dev.extendcancel.support.ReadmeExamples;
import dev.extendcancel.support.ReadmeExamples.Example;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The demo batch of the dev simulator, answered exactly as the README's curl examples show it. */
@QuarkusTest
@ConnectWireMock
@TestProfile(SimulatorBatchTest.BatchExport.class)
class SimulatorBatchTest {

    static final String EXPORT = "cancelWorkflowBatch";

    public static class BatchExport implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", EXPORT);
        }
    }

    WireMock wiremock;

    @BeforeEach
    void resetExtend() {
        ExtendStubs.reset(wiremock);
    }

    @Test
    void theDemoBatchIsCancelledAndThenHasNothingLeft() {
        assertThat(Lambda.invoke("{\"batchId\":\"batch_demo\"}").raw()).isEqualTo("{\"batchId\":\"batch_demo\","
                + "\"cancelled\":3,\"alreadyStopped\":1,\"failed\":[],\"remaining\":0,\"done\":true}");
        assertThat(Lambda.invoke("{\"batchId\":\"batch_demo\"}").raw()).isEqualTo("{\"batchId\":\"batch_demo\","
                + "\"cancelled\":0,\"alreadyStopped\":0,\"failed\":[],\"remaining\":0,\"done\":true}");
    }

    /** In the README's order: the second invocation finds nothing left. */
    @Test
    void theReadmesBatchExamplesAnswerAsPrinted() {
        List<Example> examples = ReadmeExamples.forExport(EXPORT);
        assertThat(examples).as("README.md shows no curl against QUARKUS_FUNQY_EXPORT=" + EXPORT).isNotEmpty();
        SoftAssertions.assertSoftly(softly -> examples.forEach(
                example -> softly.assertThat(example.replay()).as(example.toString()).isEqualTo(example.expected())));
    }

    @Test
    void anyOtherBatchListsNothing() {
        assertThat(Lambda.invoke("{\"batchId\":\"batch_other\"}").raw()).isEqualTo("{\"batchId\":\"batch_other\","
                + "\"cancelled\":0,\"alreadyStopped\":0,\"failed\":[],\"remaining\":0,\"done\":true}");
    }
}
