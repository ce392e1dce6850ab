package dev.extendcancel.cancel;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendCallTrace;
import dev.extendcancel.extend.ExtendClient;
import dev.extendcancel.extend.ExtendFaults;
import dev.extendcancel.extend.ExtendResult;
import dev.extendcancel.extend.RunKind;

/**
 * Cancels a run, idempotently: when Extend refuses because of the run's state, the run is read, and a run already
 * cancelled (or cancelling) is a success, so that a Step Functions retry or a second click never turns a cancelled
 * run into an error. Nothing succeeds unless Extend shows the run cancelled or cancelling.
 */
@ApplicationScoped
public class RunCanceller {

    /** The statuses that mean the cancel has taken effect. */
    static final Set<String> CANCELLED = Set.of("CANCELLED", "CANCELLING");
    /** The statuses of a run still in flight; any other status (Extend adds some) means it has stopped. */
    public static final Set<String> IN_FLIGHT = Set.of("PENDING", "PROCESSING");
    /** Extend's answers to a cancel that is not possible in the run's current state. */
    private static final Set<Integer> REFUSED_FOR_STATE = Set.of(400, 409, 422);

    private final ExtendClient extend;
    private final ExtendFaults faults;

    RunCanceller(ExtendClient extend, ExtendFaults faults) {
        this.extend = extend;
        this.faults = faults;
    }

    /** What an idempotent cancel found: the run as Extend showed it, and whether it was cancelled before this call. */
    public record Cancelled(ObjectNode run, boolean wasAlreadyCancelled) {
    }

    public ObjectNode cancel(RunKind kind, String runId, String workspace, Deadline deadline, ExtendCallTrace trace) {
        return cancelRun(kind, runId, workspace, deadline, trace).run();
    }

    /** The same cancel, telling a run this call cancelled from one that was already cancelled (batch counts). */
    public Cancelled cancelRun(RunKind kind, String runId, String workspace, Deadline deadline, ExtendCallTrace trace) {
        return switch (extend.cancel(kind, runId, workspace, deadline, trace)) {
            case ExtendResult.Run accepted -> new Cancelled(confirmed(accepted, runId), false);
            case ExtendResult.Refused refused when REFUSED_FOR_STATE.contains(refused.status()) ->
                new Cancelled(alreadyStopped(kind, runId, workspace, deadline, trace, refused), true);
            case ExtendResult.Refused refused -> throw faults.refused(refused.answer(), "cancel", runId);
        };
    }

    private ObjectNode confirmed(ExtendResult.Run accepted, String runId) {
        String status = accepted.status();
        if (CANCELLED.contains(status)) {
            return accepted.run();
        }
        if (IN_FLIGHT.contains(status)) {
            throw faults.notConfirmed(runId, status);
        }
        // cancellation is best effort: the run finished before the cancel reached it
        throw faults.notCancellable(runId, status, null);
    }

    private ObjectNode alreadyStopped(RunKind kind, String runId, String workspace, Deadline deadline,
            ExtendCallTrace trace, ExtendResult.Refused refusal) {
        return switch (extend.get(kind, runId, workspace, deadline, trace)) {
            case ExtendResult.Run run when CANCELLED.contains(run.status()) -> run.run();
            // still running, so the refusal was not about its state: report the refusal itself
            case ExtendResult.Run run when IN_FLIGHT.contains(run.status()) ->
                throw faults.refused(refusal.answer(), "cancel", runId);
            case ExtendResult.Run run -> throw faults.notCancellable(runId, run.status(), refusal.answer());
            case ExtendResult.Refused refused -> throw faults.refused(refused.answer(), "read", runId);
        };
    }
}
