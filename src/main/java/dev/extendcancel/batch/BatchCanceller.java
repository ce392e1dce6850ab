package dev.extendcancel.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.extendcancel.cancel.RunCanceller;
import dev.extendcancel.cancel.RunFailure;
import dev.extendcancel.error.CancelError;
import dev.extendcancel.error.ExtendRateLimited;
import dev.extendcancel.error.ExtendUnavailable;
import dev.extendcancel.error.RunNotCancellable;
import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendCallTrace;
import dev.extendcancel.extend.ExtendClient;
import dev.extendcancel.extend.RunKind;
import dev.extendcancel.extend.RunPage;

/**
 * Cancels every in-flight run of a Batch Run Workflow batch; Extend has no batch cancel. Each round lists the batch's
 * PENDING and PROCESSING runs from the first page (all pages, before any cancel, so the cancels cannot move runs under
 * the cursor), then cancels each listed run with the same idempotent cancel as cancelWorkflowRun. The batch is done
 * only when a fresh round lists nothing in flight.
 *
 * <p>
 * A round lists no more than the rest of the invocation can cancel under the rate limit: a batch larger than that
 * (or pages smaller than asked for) is cancelled from its first pages, and the next invocation lists again from the
 * first page, with those runs gone. Listing every page first would spend a large batch's whole invocation on
 * listing, again at each invocation, and never cancel anything.
 *
 * <p>
 * Bounded within one invocation: each run is cancelled at most once (a run Extend accepted but that stays in flight,
 * or whose cancel failed, is not hammered), a round that finds only such runs is repeated at most
 * {@value #MAX_STALLED_ROUNDS} times, and no new work starts when the Lambda deadline is near. What is left is
 * answered as {@code remaining}, for the caller (the state machine) to invoke again.
 */
@ApplicationScoped
public class BatchCanceller {

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

    private final ExtendClient extend;
    private final RunCanceller runs;

    BatchCanceller(ExtendClient extend, RunCanceller runs) {
        this.extend = extend;
        this.runs = runs;
    }

    /**
     * @throws dev.extendcancel.error.CancelError when the first listing fails (a later listing's failure ends the
     *         invocation with what it did, done=false); one run's failure goes to {@link BatchOutcome#failed()}
     */
    public BatchOutcome cancel(String batchId, String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        Progress progress = new Progress(batchId);
        Set<String> tried = new HashSet<>();
        int stalledRounds = 0;
        while (true) {
            Listing listing;
            try {
                listing = listInFlight(batchId, workspaceId, deadline, trace);
            } catch (CancelError listingFailed) {
                if (progress.listings == 0) {
                    throw listingFailed;
                }
                // runs were cancelled already: answer them, the next invocation lists again (and fails by name)
                return progress.outcome(false);
            }
            if (!listing.complete() && listing.inFlight().isEmpty()) {
                return progress.outcome(false); // the deadline came before a page
            }
            progress.listed(listing);
            if (listing.complete() && listing.inFlight().isEmpty()) {
                return progress.outcome(true);
            }
            List<String> untried = listing.inFlight().stream().filter(id -> !tried.contains(id)).toList();
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
                cancelOne(runId, workspaceId, deadline, trace, progress);
            }
        }
    }

    /** The batch's runs found PENDING or PROCESSING; all of them only when {@code complete}. */
    private record Listing(Set<String> inFlight, boolean complete) {
    }

    /**
     * The batch's runs PENDING or PROCESSING, all pages; only the first pages when the deadline comes or when more runs
     * are listed than the rest of the invocation can cancel (each cancel is at least one call under the rate limit).
     */
    private Listing listInFlight(String batchId, String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        // a run may move from PENDING to PROCESSING between the two listings and show up in both
        Set<String> inFlight = new LinkedHashSet<>();
        for (String status : IN_FLIGHT) {
            String pageToken = null;
            do {
                if (!hasTimeFor(deadline) || inFlight.size() >= cancellableBefore(deadline)) {
                    return new Listing(inFlight, false);
                }
                RunPage page = extend.listWorkflowRuns(batchId, status, PAGE_SIZE, pageToken, workspaceId, deadline,
                        trace);
                for (RunPage.ListedRun run : page.runs()) {
                    // never act on a run Extend says belongs to another batch, whatever the filter did
                    boolean ofThisBatch = run.batchId() == null || run.batchId().equals(batchId);
                    if (ofThisBatch && RunCanceller.IN_FLIGHT.contains(run.status())) {
                        inFlight.add(run.id());
                    }
                }
                pageToken = page.next().orElse(null);
            } while (pageToken != null);
        }
        return new Listing(inFlight, true);
    }

    /** The most cancels the rest of the invocation has room for: one call each, at the client's rate. */
    private long cancellableBefore(Deadline deadline) {
        return (long) (deadline.left().toMillis() * extend.requestsPerSecond() / 1000);
    }

    private void cancelOne(String runId, String workspaceId, Deadline deadline, ExtendCallTrace trace,
            Progress progress) {
        try {
            RunCanceller.Cancelled run = runs.cancelRun(RunKind.WORKFLOW_RUN, runId, workspaceId, deadline, trace);
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
        private final String batchId;
        private int cancelled;
        private int alreadyStopped;
        private final List<RunFailure> failed = new ArrayList<>();
        private int listings;
        /** In flight at the last listing, less the runs stopped since; null unless the last listing was complete. */
        private Integer remaining;

        Progress(String batchId) {
            this.batchId = batchId;
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

        BatchOutcome outcome(boolean done) {
            return new BatchOutcome(batchId, cancelled, alreadyStopped, List.copyOf(failed), remaining, done);
        }
    }
}
