package dev.extendcancel.extend;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The client-side limit on calls to Extend, {@code EXTEND_MAX_REQUESTS_PER_SECOND}, shared by every call this function
 * instance makes (cancels, reads, lists, and each retry of them). A call waits for its turn; the wait never runs past
 * the invocation's deadline: a call that could not start in time is not started.
 *
 * <p>
 * Bucket4j, because it waits (asynchronously, without holding a thread) up to a wait bound given per call, which is how
 * a Lambda deadline works; SmallRye Fault Tolerance's {@code @RateLimit} rejects instead of waiting, and Guava's
 * RateLimiter (a 3 MB dependency for one class) blocks a thread and has no per-call bound. Bucket4j's local bucket is
 * plain Java with no reflection or dependencies, so it works unchanged in a native image.
 *
 * <p>
 * Capacity 1, refilled greedily: calls are spaced evenly (1/N s apart) instead of bursting N at once, so that the
 * organisation-wide limit on Extend's side, whatever its window, sees a steady rate. N may be a fraction (0.5 is one
 * call every 2 s): the Terraform module divides one budget among many instances, and a share can be below one a
 * second. The spacing is rounded up to the microsecond, so the rate is never above N.
 */
final class ExtendRateLimit {

    /** The slowest rate taken; below it (or for nonsense) this rate applies. ConfigCheck refuses less at start-up. */
    static final double MIN_PER_SECOND = 0.01;

    private final Bucket bucket;
    private final double perSecond;

    ExtendRateLimit(double perSecond) {
        this.perSecond = perSecond >= MIN_PER_SECOND && Double.isFinite(perSecond) ? perSecond : MIN_PER_SECOND;
        Duration spacing = Duration.ofNanos((long) Math.ceil(1_000_000.0 / this.perSecond) * 1_000);
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, spacing))
                // wall-clock milliseconds: after a SnapStart restore the clock has moved on and the bucket is simply
                // full again; no timer, thread or nanoTime origin is captured in the snapshot (or the native heap)
                .withMillisecondPrecision()
                .build();
    }

    double perSecond() {
        return perSecond;
    }

    /** The rate as a person writes it: 5, 0.5, 1.25. */
    String describe() {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }

    /**
     * Completes with true when the call may start, after waiting its turn, or with false (nothing consumed) when its
     * turn would come later than {@code maxWait}.
     */
    Uni<Boolean> permit(Duration maxWait) {
        if (bucket.tryConsume(1)) {
            return Uni.createFrom().item(true);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            return Uni.createFrom().item(false);
        }
        return Uni.createFrom().completionStage(
                () -> bucket.asScheduler().tryConsume(1, maxWait, Infrastructure.getDefaultWorkerPool()));
    }
}
