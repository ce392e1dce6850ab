package dev.extendcancel.batch;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import dev.extendcancel.cancel.InvocationLog;
import dev.extendcancel.cancel.WorkspacePolicy;
import dev.extendcancel.error.CancelError;
import dev.extendcancel.events.EventAdapter;
import dev.extendcancel.events.RunSelector;
import dev.extendcancel.events.SelectorRequest;
import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendCallTrace;

/**
 * One invocation of cancelRuns, whatever its shape: read the selector, then either drain what the deadline allows
 * (HTTP 200 when done, 202 when not) or, for a dry run, only list (200); log one line whose outcome is {@code done},
 * {@code partial}, {@code dryRun} or the error's name (the metric dimension).
 */
@ApplicationScoped
public class SelectorInvocation {

    private final WorkspacePolicy workspaces;
    private final RunDrain drain;

    SelectorInvocation(WorkspacePolicy workspaces, RunDrain drain) {
        this.workspaces = workspaces;
        this.drain = drain;
    }

    public JsonNode handle(String function, JsonNode event, Context lambda) {
        long start = System.nanoTime();
        ExtendCallTrace trace = new ExtendCallTrace();
        EventAdapter adapter = null;
        SelectorRequest request = null;
        try {
            adapter = EventAdapter.of(event);
            request = adapter.readSelector(event);
            String workspace = workspaces.resolve(request.target());
            Deadline deadline = Deadline.of(lambda).waitingOutRateLimits();
            RunSelector selector = request.selector();
            if (request.dryRun()) {
                DryRun found = drain.survey(selector, workspace, deadline, trace);
                line(function, request, trace, start).field("inFlight", found.total())
                        .field("complete", found.complete())
                        .success("dryRun", function + " dry run " + selector + ": " + found.inFlight()
                                + " in flight" + (found.complete() ? "" : " at least (listing not complete)"));
                return adapter.answer(200, found.toJson());
            }
            DrainOutcome outcome = drain.drain(selector, workspace, deadline, trace);
            line(function, request, trace, start).field("cancelled", outcome.cancelled())
                    .field("alreadyStopped", outcome.alreadyStopped()).field("failed", outcome.failed().size())
                    .field("remaining", outcome.remaining()).field("done", outcome.done())
                    .success(outcome.done() ? "done" : "partial", function + " " + selector + ": "
                            + outcome.cancelled() + " cancelled, " + outcome.alreadyStopped() + " already stopped, "
                            + outcome.failed().size() + " failed, " + outcome.remaining() + " remaining");
            return adapter.answer(outcome.done() ? 200 : 202, outcome.toJson());
        } catch (CancelError error) {
            line(function, request, trace, start).failure(error);
            if (adapter == null) {
                throw error;
            }
            return adapter.failure(error);
        }
    }

    /** The line's own fields: the selector as its field ({@code workflowId}: ...), and whether it was a dry run. */
    private static InvocationLog.Line line(String function, SelectorRequest request, ExtendCallTrace trace,
            long start) {
        InvocationLog.Line line = InvocationLog.of(function, start);
        if (request != null) {
            line.field(request.selector().by().field(), request.selector().id()).field("dryRun", request.dryRun());
        }
        return line.extend(trace);
    }
}
