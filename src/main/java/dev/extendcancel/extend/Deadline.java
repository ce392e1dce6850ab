package dev.extendcancel.extend;

import java.time.Duration;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * When the answer must be ready: the invocation's deadline less a reserve for writing the answer, so that a hung
 * Extend still gets a clear ExtendUnavailable instead of a Lambda timeout.
 */
public final class Deadline {

    /** Lambda never runs an invocation longer than this; anything else reported is no deadline at all. */
    private static final Duration LAMBDA_MAX = Duration.ofMinutes(15);
    private static final Duration MAX_RESERVE = Duration.ofMillis(500);

    /** What left() reports without a deadline: longer than any retry could wait. */
    private static final Duration FOREVER = Duration.ofDays(365);

    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    /** No deadline: calls are bounded by attempts and timeouts only (e.g. in dev mode). */
    public static Deadline none() {
        return new Deadline(Long.MAX_VALUE);
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
        return new Deadline(System.nanoTime() + Duration.ofMillis(remainingMillis - reserve).toNanos());
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
