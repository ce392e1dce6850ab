package dev.extendcancel.batch;

import java.util.List;

import dev.extendcancel.cancel.RunFailure;

/**
 * What one invocation did to a batch, exactly the contract's answer: {@code remaining} is null when no listing
 * finished, {@code done} true only when a fresh listing showed no run of the batch PENDING or PROCESSING.
 */
public record BatchOutcome(String batchId, int cancelled, int alreadyStopped, List<RunFailure> failed, Integer remaining,
        boolean done) {
}
