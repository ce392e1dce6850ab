package dev.extendcancel.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.Lambda;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The demo batch of the dev simulator (the README's curl), answered exactly as the README shows it. */
@QuarkusTest
@ConnectWireMock
@TestProfile(SimulatorBatchTest.BatchExport.class)
class SimulatorBatchTest {

    public static class BatchExport implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "cancelWorkflowBatch");
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

    @Test
    void anyOtherBatchListsNothing() {
        assertThat(Lambda.invoke("{\"batchId\":\"batch_other\"}").raw()).isEqualTo("{\"batchId\":\"batch_other\","
                + "\"cancelled\":0,\"alreadyStopped\":0,\"failed\":[],\"remaining\":0,\"done\":true}");
    }
}
