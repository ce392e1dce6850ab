package dev.extendcancel.extend;

import java.time.Duration;
import java.util.Optional;
import java.security.SecureRandom;

/**
 * When to try Extend again: exponential backoff with full jitter, or Extend's {@code Retry-After} when it sent one,
 * within the attempt budget and never past the deadline. Mutiny runs the retries (ExtendClient); this class only
 * decides the delays, because neither Mutiny's nor SmallRye Fault Tolerance's built-in backoff can honour both
 * {@code Retry-After} and a per-invocation deadline.
 */
final class RetryPolicy {

    static final Duration BASE_DELAY = Duration.ofMillis(500);
    static final Duration MAX_DELAY = Duration.ofSeconds(10);
    /** Longest Retry-After we sleep through; beyond it the caller gets ExtendRateLimited and waits itself. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** An attempt with less time than this left is not worth starting. */
    static final Duration MIN_ATTEMPT = Duration.ofMillis(200);

    private final int maxAttempts;
    private final Duration attemptTimeout;

    RetryPolicy(int maxAttempts, Duration attemptTimeout) {
        this.maxAttempts = Math.max(1, maxAttempts);
        this.attemptTimeout = attemptTimeout;
    }

    /** The timeout of the next attempt: the configured one, cut short by the deadline. */
    Duration attemptTimeout(Deadline deadline) {
        Duration left = deadline.left();
        return left.compareTo(attemptTimeout) < 0 ? left : attemptTimeout;
    }

    /**
     * The delay before attempt {@code attemptsMade + 1}, or empty when there must be no further attempt.
     *
     * @param retryAfter what Extend asked for in its last answer, if anything
     */
    Optional<Duration> delayBeforeNext(int attemptsMade, Optional<Duration> retryAfter, Deadline deadline) {
        return delayBeforeNext(attemptsMade, retryAfter, false, deadline);
    }

    /**
     * As above; {@code rateLimited}: the last answer was a 429. A deadline that {@linkplain Deadline#waitsOutRateLimits()
     * waits out rate limits} retries those past the attempt budget, until the deadline; other failures (5xx, timeouts)
     * keep EXTEND_MAX_ATTEMPTS.
     */
    Optional<Duration> delayBeforeNext(int attemptsMade, Optional<Duration> retryAfter, boolean rateLimited,
            Deadline deadline) {
        if (attemptsMade >= maxAttempts && !(rateLimited && deadline.waitsOutRateLimits())) {
            return Optional.empty();
        }
        Duration delay = retryAfter.orElseGet(() -> fullJitter(attemptsMade));
        if (delay.compareTo(MAX_RETRY_AFTER) > 0) {
            return Optional.empty();
        }
        Duration leftAfterDelay = deadline.left().minus(delay);
        return leftAfterDelay.compareTo(MIN_ATTEMPT) < 0 ? Optional.empty() : Optional.of(delay);
    }

    /** The backoff a caller should wait when no Retry-After was given, rounded up for an HTTP header. */
    Duration suggestedWait(int attemptsMade) {
        return Duration.ofSeconds(Math.max(1, ceilSeconds(cap(attemptsMade))));
    }

    /**
     * A random delay between 0 and min(MAX_DELAY, BASE_DELAY * 2^(attemptsMade - 1)). The generator is made when it
     * is needed (only on a retry), never kept: a seed captured in a SnapStart snapshot, or in a native image's heap,
     * would give every restored environment the same "random" delays, and their retries would arrive in step.
     */
    static Duration fullJitter(int attemptsMade) {
        return Duration.ofMillis(new SecureRandom().nextLong(cap(attemptsMade).toMillis() + 1));
    }

    private static Duration cap(int attemptsMade) {
        int exponent = Math.min(Math.max(attemptsMade - 1, 0), 16);
        Duration exponential = BASE_DELAY.multipliedBy(1L << exponent);
        return exponential.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : exponential;
    }

    private static long ceilSeconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }
}
