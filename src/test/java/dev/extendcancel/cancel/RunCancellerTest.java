package dev.extendcancel.cancel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.config.ExtendConfig;
import dev.extendcancel.error.ExtendRejectedRequest;
import dev.extendcancel.error.ExtendUnavailable;
import dev.extendcancel.error.RunNotCancellable;
import dev.extendcancel.error.RunNotFound;
import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendAnswer;
import dev.extendcancel.extend.ExtendCallTrace;
import dev.extendcancel.extend.ExtendClient;
import dev.extendcancel.extend.ExtendFaults;
import dev.extendcancel.extend.ExtendResult;
import dev.extendcancel.extend.RunKind;

/** The idempotent-cancel decisions in isolation: the Extend client is a Mockito mock here (the wire is WireMock's). */
class RunCancellerTest {

    private final ExtendClient extend = mock(ExtendClient.class);
    private RunCanceller canceller;

    @BeforeEach
    void setUp() {
        ExtendConfig config = mock(ExtendConfig.class);
        when(config.apiKey()).thenReturn(Optional.of("key"));
        canceller = new RunCanceller(extend, new ExtendFaults(config));
    }

    @ParameterizedTest
    @ValueSource(strings = { "CANCELLED", "CANCELLING", "cancelled" })
    void aCancelShownCancelledIsASuccess(String status) {
        whenCancelled(run(status));

        assertThat(cancel().path("status").asText()).as("the run as Extend sent it").isEqualTo(status);
        verify(extend, never()).get(any(), any(), any(), any(), any());
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 409, 422 })
    void aRefusalForTheRunsStateReadsTheRunAndAnAlreadyCancelledRunIsASuccess(int status) {
        whenCancelled(refused(status));
        whenRead(run("CANCELLED"));

        assertThat(cancel().path("status").asText()).isEqualTo("CANCELLED");
    }

    @ParameterizedTest
    @ValueSource(strings = { "PROCESSED", "FAILED", "REJECTED", "NEEDS_REVIEW", "SOME_FUTURE_STATUS" })
    void aRunThatStoppedOtherwiseIsNotCancellableNamingItsStatus(String status) {
        whenCancelled(refused(400));
        whenRead(run(status));

        assertThatThrownBy(this::cancel).isInstanceOf(RunNotCancellable.class).hasMessageContaining(status);
    }

    @Test
    void aRefusalOfARunStillInFlightIsExtendsRefusal() {
        whenCancelled(refused(400));
        whenRead(run("PROCESSING"));

        assertThatThrownBy(this::cancel).isInstanceOf(ExtendRejectedRequest.class);
    }

    @Test
    void aRunThatVanishedBetweenCancelAndReadIsNotFound() {
        whenCancelled(refused(400));
        whenRead(refused(404));

        assertThatThrownBy(this::cancel).isInstanceOf(RunNotFound.class);
    }

    @Test
    void aRunThatIsGoneIsNotFound() {
        whenCancelled(refused(410));

        assertThatThrownBy(this::cancel).isInstanceOf(RunNotFound.class);
    }

    @Test
    void otherRefusalsDoNotReadTheRun() {
        for (int status : Set.of(401, 402, 403)) {
            whenCancelled(refused(status));
            assertThatThrownBy(this::cancel).isInstanceOf(ExtendRejectedRequest.class);
        }
        whenCancelled(refused(404));
        assertThatThrownBy(this::cancel).isInstanceOf(RunNotFound.class);
        verify(extend, never()).get(any(), any(), any(), any(), any());
    }

    @Test
    void anAcceptedCancelNotYetShownIsNeverASuccess() {
        whenCancelled(run("PENDING"));

        assertThatThrownBy(this::cancel).isInstanceOf(ExtendUnavailable.class).hasMessageContaining("PENDING");
    }

    private ObjectNode cancel() {
        return canceller.cancel(RunKind.EXTRACT_RUN, "exr_1", null, Deadline.none(), new ExtendCallTrace());
    }

    private void whenCancelled(ExtendResult result) {
        when(extend.cancel(eq(RunKind.EXTRACT_RUN), eq("exr_1"), any(), any(), any())).thenReturn(result);
    }

    private void whenRead(ExtendResult result) {
        when(extend.get(eq(RunKind.EXTRACT_RUN), eq("exr_1"), any(), any(), any())).thenReturn(result);
    }

    private static ExtendResult run(String status) {
        return new ExtendResult.Run(JsonNodeFactory.instance.objectNode().put("object", "extract_run").put("id", "exr_1")
                .put("status", status));
    }

    private static ExtendResult refused(int status) {
        return new ExtendResult.Refused(new ExtendAnswer(status,
                ("{\"code\":\"C" + status + "\",\"message\":\"m\"}").getBytes(), null, null, null));
    }
}
