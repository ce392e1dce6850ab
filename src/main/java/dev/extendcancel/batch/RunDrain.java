package dev.extendcancel.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.extendcancel.cancel.RunCanceller;
import dev.extendcancel.cancel.RunFailure;
import dev.extendcancel.error.CancelError;
import dev.extendcancel.error.ExtendRateLimited;
import dev.extendcancel.error.ExtendRejectedRequest;
import dev.extendcancel.error.ExtendUnavailable;
import dev.extendcancel.error.RunNotCancellable;
import dev.extendcancel.events.RunSelector;
import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendCallTrace;
import dev.extendcancel.extend.ExtendClient;
import dev.extendcancel.extend.RunFilter;
import dev.extendcancel.extend.RunKind;
import dev.extendcancel.extend.RunPage;

/**
 * Cancels every in-flight run one selector names (a workflow's, an extractor's, a classifier's, a splitter's, a
 * workflow batch's); Extend cancels one run at a time only. Each round lists the selected PENDING and PROCESSING runs
 * from the first page (all pages, before any cancel, so the cancels cannot move runs under the cursor), then cancels
 * each listed run with the same idempotent cancel as the run functions. Done only when a fresh round lists nothing in
 * flight. The same engine serves cancelRuns and cancelWorkflowBatch (a batch selector), and the batches of
 * cancelExecutionRuns.
 *
 * <p>
 * <b>Never a run the selector does not name.</b> Every listed run is checked against the selector, by the field of
 * Extend's run summary the filter selects on ({@code workflow.id}, {@code extractor.id}, {@code classifier.id},
 * {@code splitter.id}, {@code batchId}). A listing holding any run that does not match, or whose summary lacks the
 * field, means Extend did not apply the filter (a renamed parameter, a new API version): it would list the whole
 * workspace. The invocation then cancels nothing more and fails with ExtendRejectedRequest. Runs cancelled by earlier
 * rounds of the same invocation stay cancelled: each was checked before its cancel, and the error says how many.
 *
 * <p>
 * A round lists no more than the rest of the invocation can cancel under the rate limit: a selector with more runs
 * than that (or pages smaller than asked for) is cancelled from its first pages, and the next invocation lists again
 * from the first page, with those runs gone. Listing every page first would spend a large selector's whole invocation
 * on listing, again at each invocation, and never cancel anything.
 *
 * <p>
 * Bounded within one invocation: each run is cancelled at most once (a run Extend accepted but that stays in flight,
 * or whose cancel failed, is not hammered), a round that finds only such runs is repeated at most
 * {@value #MAX_STALLED_ROUNDS} times, and no new work starts when the Lambda deadline is near. What is left is
 * answered as {@code remaining}, for the caller (the state machine) to invoke again.
 */
@ApplicationScoped
public class RunDrain {

    /** Extend's largest page: the fewest requests out of the shared rate limit. */
    static final int PAGE_SIZE = 1000;
    static final List<String> IN_FLIGHT = List.of("PENDING", "PROCESSING");
    /** Rounds that find only runs already tried in this invocation, before it answers done=false. */
    static final int MAX_STALLED_ROUNDS = 2;
    /** Before such a round: time for Extend to move a cancelled run out of PENDING/PROCESSING. */
    static final Duration SETTLE = Duration.ofMillis(500);
    /**
     * No new call (a page, a run's cancel) starts with less than this left before the deadline (which already keeps
     * a reserve for answering). A cancel the deadline then cuts short is left to the next invocation, not failed.
     */
    static final Duration MIN_TIME_FOR_A_CALL = Duration.ofMillis(300);
    /** A dry run answers this many run ids at most (and counts them all). */
    static final int DRY_RUN_IDS = 100;

    private final ExtendClient extend;
    private final RunCanceller runs;

    RunDrain(ExtendClient extend, RunCanceller runs) {
        this.extend = extend;
        this.runs = runs;
    }

    /**
     * @throws CancelError when the first listing fails, or when any listing holds a run the selector does not name
     *         (ExtendRejectedRequest); a later listing's other failure ends the invocation with what it did,
     *         done=false; one run's failure goes to {@link DrainOutcome#failed()}
     */
    public DrainOutcome drain(RunSelector selector, String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        Progress progress = new Progress(selector);
        Set<String> tried = new HashSet<>();
        int stalledRounds = 0;
        while (true) {
            Listing listing;
            try {
                listing = listInFlight(selector, workspaceId, deadline, trace, true);
            } catch (CancelError listingFailed) {
                if (progress.listings == 0) {
                    throw listingFailed;
                }
                // runs were cancelled already: answer them, the next invocation lists again (and fails by name)
                return progress.outcome(false);
            }
            if (listing.notSelected() > 0) {
                throw filterNotApplied(selector, listing, progress.cancelled + progress.alreadyStopped);
            }
            if (!listing.complete() && listing.inFlight().isEmpty()) {
                return progress.outcome(false); // the deadline came before a page
            }
            progress.listed(listing);
            if (listing.complete() && listing.inFlight().isEmpty()) {
                return progress.outcome(true);
            }
            List<String> untried = listing.inFlight().keySet().stream().filter(id -> !tried.contains(id)).toList();
            if (untried.isEmpty()) {
                if (++stalledRounds > MAX_STALLED_ROUNDS || !settle(deadline)) {
                    return progress.outcome(false);
                }
                continue;
            }
            for (String runId : untried) {
                if (!hasTimeFor(deadline)) {
                    return progress.outcome(false);
                }
                tried.add(runId);
                cancelOne(kindOf(selector), runId, workspaceId, deadline, trace, progress);
            }
        }
    }

    /**
     * What {@link #drain} would cancel now, with no cancel: every page of both listings, within the deadline
     * ({@code complete} false when it came first), and the same check that each listed run is the selector's.
     */
    public DryRun survey(RunSelector selector, String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        Listing listing = listInFlight(selector, workspaceId, deadline, trace, false);
        if (listing.notSelected() > 0) {
            throw filterNotApplied(selector, listing, 0);
        }
        Map<String, Long> byStatus = new LinkedHashMap<>();
        IN_FLIGHT.forEach(status -> byStatus.put(status, 0L));
        listing.inFlight().values().forEach(status -> byStatus.merge(status, 1L, Long::sum));
        return new DryRun(selector, byStatus, listing.inFlight().keySet().stream().limit(DRY_RUN_IDS).toList(),
                listing.complete());
    }

    /** Extend's collection of the runs a selector names: workflow runs, or one kind of processor run. */
    static RunKind kindOf(RunSelector selector) {
        return switch (selector.by()) {
            case WORKFLOW, BATCH -> RunKind.WORKFLOW_RUN;
            case EXTRACTOR -> RunKind.EXTRACT_RUN;
            case CLASSIFIER -> RunKind.CLASSIFY_RUN;
            case SPLITTER -> RunKind.SPLIT_RUN;
        };
    }

    /** The selector's field is also the name of Extend's list filter on that collection. */
    static RunFilter filterOf(RunSelector selector) {
        return new RunFilter(selector.by().field(), selector.id());
    }

    /**
     * The selected runs PENDING or PROCESSING (id to listed status, in listing order), all pages; only the first
     * pages when the deadline comes, or, when {@code boundedByRate}, when more runs are listed than the rest of the
     * invocation can cancel (each cancel is at least one call under the rate limit). Stops at the first page holding
     * a run the selector does not name, counted in {@code notSelected}.
     */
    private Listing listInFlight(RunSelector selector, String workspaceId, Deadline deadline, ExtendCallTrace trace,
            boolean boundedByRate) {
        RunKind kind = kindOf(selector);
        RunFilter filter = filterOf(selector);
        // a run may move from PENDING to PROCESSING between the two listings and show up in both
        Map<String, String> inFlight = new LinkedHashMap<>();
        int listed = 0;
        for (String status : IN_FLIGHT) {
            String pageToken = null;
            do {
                if (!hasTimeFor(deadline) || boundedByRate && inFlight.size() >= cancellableBefore(deadline)) {
                    return new Listing(kind, inFlight, false, listed, 0);
                }
                RunPage page = extend.listRuns(kind, filter, status, PAGE_SIZE, pageToken, workspaceId, deadline,
                        trace);
                listed += page.runs().size();
                long notSelected = page.runs().stream().filter(run -> !run.matches(filter)).count();
                if (notSelected > 0) {
                    return new Listing(kind, inFlight, false, listed, (int) notSelected);
                }
                for (RunPage.ListedRun run : page.runs()) {
                    if (RunCanceller.IN_FLIGHT.contains(run.status())) {
                        inFlight.putIfAbsent(run.id(), run.status());
                    }
                }
                pageToken = page.next().orElse(null);
            } while (pageToken != null);
        }
        return new Listing(kind, inFlight, true, listed, 0);
    }

    /** The selected runs found PENDING or PROCESSING; all of them only when {@code complete}. */
    private record Listing(RunKind kind, Map<String, String> inFlight, boolean complete, int listed, int notSelected) {
    }

    private static ExtendRejectedRequest filterNotApplied(RunSelector selector, Listing listing, int stoppedBefore) {
        return new ExtendRejectedRequest("Extend did not apply the filter " + selector + ": GET /"
                + listing.kind().collection() + "?" + selector.by().field() + "=" + selector.id() + " listed "
                + listing.notSelected() + " run(s) of another " + selector.by().noun() + " or of none (of "
                + listing.listed() + " listed); nothing more was cancelled"
                + (stoppedBefore > 0 ? " (" + stoppedBefore + " run(s) of " + selector + ", each checked, were stopped"
                        + " before that listing)" : ""),
                null, null);
    }

    /** The most cancels the rest of the invocation has room for: one call each, at the client's rate. */
    private long cancellableBefore(Deadline deadline) {
        return (long) (deadline.left().toMillis() * extend.requestsPerSecond() / 1000);
    }

    private void cancelOne(RunKind kind, String runId, String workspaceId, Deadline deadline, ExtendCallTrace trace,
            Progress progress) {
        try {
            RunCanceller.Cancelled run = runs.cancelRun(kind, runId, workspaceId, deadline, trace);
            if (run.wasAlreadyCancelled()) {
                progress.alreadyStopped++;
            } else {
                progress.cancelled++;
            }
            progress.stoppedOne();
        } catch (RunNotCancellable finishedMeanwhile) {
            progress.alreadyStopped++;
            progress.stoppedOne();
        } catch (CancelError error) {
            boolean cutShortByDeadline = (error instanceof ExtendUnavailable || error instanceof ExtendRateLimited)
                    && !hasTimeFor(deadline);
            // a cancel the deadline cut short is not a failure of the run: it is still in flight, and remaining
            if (!cutShortByDeadline) {
                progress.failed.add(RunFailure.of(runId, error));
            }
        }
    }

    private static boolean hasTimeFor(Deadline deadline) {
        return deadline.left().compareTo(MIN_TIME_FOR_A_CALL) >= 0;
    }

    private static boolean settle(Deadline deadline) {
        if (deadline.left().compareTo(SETTLE.plus(MIN_TIME_FOR_A_CALL)) < 0) {
            return false;
        }
        try {
            Thread.sleep(SETTLE);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The counts of one invocation. */
    private static final class Progress {
        private final RunSelector selector;
        private int cancelled;
        private int alreadyStopped;
        private final List<RunFailure> failed = new ArrayList<>();
        private int listings;
        /** In flight at the last listing, less the runs stopped since; null unless the last listing was complete. */
        private Integer remaining;

        Progress(RunSelector selector) {
            this.selector = selector;
        }

        /** After a listing of only the first pages, how many remain is not known. */
        void listed(Listing listing) {
            listings++;
            remaining = listing.complete() ? listing.inFlight().size() : null;
        }

        void stoppedOne() {
            if (remaining != null) {
                remaining--;
            }
        }

        DrainOutcome outcome(boolean done) {
            return new DrainOutcome(selector, cancelled, alreadyStopped, List.copyOf(failed), remaining, done);
        }
    }
}
