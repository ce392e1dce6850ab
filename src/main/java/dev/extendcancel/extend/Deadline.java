package dev.extendcancel.extend;

import java.time.Duration;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * When the answer must be ready: the invocation's deadline less a reserve for writing the answer, so that a hung
 * Extend still gets a clear ExtendUnavailable instead of a Lambda timeout.
 *
 * <p>
 * A drain (a batch, a stopped execution's cleanup) works {@linkplain #waitingOutRateLimits() waiting out rate
 * limits}: Extend's 429 then is no failure while there is time, and its calls retry it (honouring Retry-After, under
 * the same client-side limit) until this deadline instead of giving up after EXTEND_MAX_ATTEMPTS; what is left when
 * it comes is answered as not done, for the caller or the queue to run again. Single-run functions keep their
 * attempts: their callers retry by name.
 */
public final class Deadline {

    /** Lambda never runs an invocation longer than this; anything else reported is no deadline at all. */
    private static final Duration LAMBDA_MAX = Duration.ofMinutes(15);
    private static final Duration MAX_RESERVE = Duration.ofMillis(500);

    /** What left() reports without a deadline: longer than any retry could wait. */
    private static final Duration FOREVER = Duration.ofDays(365);

    private final long endNanos;
    private final boolean waitsOutRateLimits;

    private Deadline(long endNanos, boolean waitsOutRateLimits) {
        this.endNanos = endNanos;
        this.waitsOutRateLimits = waitsOutRateLimits;
    }

    /** No deadline: calls are bounded by attempts and timeouts only (e.g. in dev mode). */
    public static Deadline none() {
        return new Deadline(Long.MAX_VALUE, false);
    }

    /** The deadline of the invocation {@code lambda} is serving; none without a Lambda Context. */
    public static Deadline of(Context lambda) {
        return lambda == null ? none() : fromRemaining(lambda.getRemainingTimeInMillis());
    }

    /**
     * From the invocation's remaining time. A value out of Lambda's range means the runtime sent no deadline (the
     * Quarkus mock event server does not), which is treated as none.
     */
    public static Deadline fromRemaining(long remainingMillis) {
        if (remainingMillis <= 0 || remainingMillis > LAMBDA_MAX.toMillis()) {
            return none();
        }
        long reserve = Math.min(MAX_RESERVE.toMillis(), remainingMillis / 4);
        return new Deadline(System.nanoTime() + Duration.ofMillis(remainingMillis - reserve).toNanos(), false);
    }

    /** The same deadline, for a drain: 429s are retried until it, not only EXTEND_MAX_ATTEMPTS times. */
    public Deadline waitingOutRateLimits() {
        return new Deadline(endNanos, true);
    }

    /**
     * Whether 429s are waited out until this deadline. Never without a deadline (dev mode, tests without a Lambda
     * deadline): a 429 storm would then be retried forever.
     */
    public boolean waitsOutRateLimits() {
        return waitsOutRateLimits && isBounded();
    }

    public boolean isBounded() {
        return endNanos != Long.MAX_VALUE;
    }

    /** Time left before the answer is due; never negative. */
    public Duration left() {
        if (!isBounded()) {
            return FOREVER;
        }
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

}
