package dev.extendcancel.extend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The shared limit waits for a turn (never rejects while the wait fits), and never waits past the bound it is given. */
class ExtendRateLimitTest {

    @Test
    void spacesCallsEvenlyAtTheConfiguredRate() {
        ExtendRateLimit limit = new ExtendRateLimit(20);
        long start = System.nanoTime();
        for (int i = 0; i < 21; i++) {
            assertThat(limit.permit(Duration.ofSeconds(5)).await().indefinitely()).isTrue();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        // the first call at once, then one every 50 ms: 20 more take about a second, never much less
        assertThat(elapsed).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
    }

    @Test
    void aTurnLaterThanTheBoundIsRefusedAtOnceAndConsumesNothing() {
        ExtendRateLimit limit = new ExtendRateLimit(1);
        assertThat(limit.permit(Duration.ZERO).await().indefinitely()).isTrue();

        long start = System.nanoTime();
        // the next turn is about a second away, beyond the 400 ms bound: refused without waiting for the bound
        // (the margin below the bound only absorbs a loaded machine, it still tells "at once" from "waited")
        assertThat(limit.permit(Duration.ofMillis(400)).await().indefinitely()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(350));

        // the refusal took no token: the next turn is still about a second after the first call
        assertThat(limit.permit(Duration.ofSeconds(3)).await().indefinitely()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700), Duration.ofMillis(1500));
    }

    /** A share below one call a second (the Terraform module divides one budget among instances) spaces calls out. */
    @Test
    void aFractionalRateSpacesCallsMoreThanASecondApart() {
        ExtendRateLimit limit = new ExtendRateLimit(2.5);
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            assertThat(limit.permit(Duration.ofSeconds(5)).await().indefinitely()).isTrue();
        }
        // the first at once, then one every 400 ms
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1150), Duration.ofMillis(2500));

        ExtendRateLimit slow = new ExtendRateLimit(0.5);
        assertThat(slow.permit(Duration.ZERO).await().indefinitely()).isTrue();
        // the next turn is 2 s away: a bound of 1.5 s is refused
        assertThat(slow.permit(Duration.ofMillis(1500)).await().indefinitely()).isFalse();
        assertThat(slow.describe()).isEqualTo("0.5");
    }

    @Test
    void aMissingOrNonsensicalRateStillAllowsASlowTrickle() {
        assertThat(new ExtendRateLimit(0).perSecond()).isEqualTo(ExtendRateLimit.MIN_PER_SECOND);
        assertThat(new ExtendRateLimit(Double.NaN).perSecond()).isEqualTo(ExtendRateLimit.MIN_PER_SECOND);
        assertThat(new ExtendRateLimit(5).describe()).isEqualTo("5");
    }
}
