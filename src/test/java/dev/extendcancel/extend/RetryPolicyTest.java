package dev.extendcancel.extend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10));

    @RepeatedTest(50)
    void fullJitterStaysWithinTheExponentialCap() {
        assertThat(RetryPolicy.fullJitter(1)).isBetween(Duration.ZERO, Duration.ofMillis(500));
        assertThat(RetryPolicy.fullJitter(2)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
        assertThat(RetryPolicy.fullJitter(3)).isBetween(Duration.ZERO, Duration.ofMillis(2000));
        assertThat(RetryPolicy.fullJitter(30)).isBetween(Duration.ZERO, RetryPolicy.MAX_DELAY);
    }

    @Test
    void stopsAtTheAttemptBudget() {
        assertThat(policy.delayBeforeNext(2, Optional.empty(), Deadline.none())).isPresent();
        assertThat(policy.delayBeforeNext(3, Optional.empty(), Deadline.none())).isEmpty();
    }

    /** A drain waits 429s out until its deadline; other failures, and calls without a deadline, keep the attempts. */
    @Test
    void aDrainRetriesRateLimitsPastTheAttemptsButNotPastTheDeadline() {
        Deadline drain = Deadline.fromRemaining(60_000).waitingOutRateLimits();

        assertThat(policy.delayBeforeNext(3, Optional.of(Duration.ofSeconds(1)), true, drain)).isPresent();
        assertThat(policy.delayBeforeNext(30, Optional.empty(), true, drain)).isPresent();
        assertThat(policy.delayBeforeNext(3, Optional.empty(), false, drain)).as("a 5xx keeps the attempts").isEmpty();
        assertThat(policy.delayBeforeNext(3, Optional.empty(), true, Deadline.fromRemaining(60_000)))
                .as("a single-run function keeps the attempts").isEmpty();
        assertThat(policy.delayBeforeNext(3, Optional.empty(), true, Deadline.none().waitingOutRateLimits()))
                .as("no deadline: never retried forever").isEmpty();
        assertThat(policy.delayBeforeNext(3, Optional.of(Duration.ofSeconds(59)), true,
                Deadline.fromRemaining(3_000).waitingOutRateLimits())).as("never past the deadline").isEmpty();
    }

    @Test
    void honoursRetryAfterExactly() {
        assertThat(policy.delayBeforeNext(1, Optional.of(Duration.ofSeconds(2)), Deadline.none()))
                .contains(Duration.ofSeconds(2));
    }

    @Test
    void neverWaitsPastTheDeadline() {
        Deadline threeSeconds = Deadline.fromRemaining(3_000);

        assertThat(policy.delayBeforeNext(1, Optional.of(Duration.ofSeconds(5)), threeSeconds)).isEmpty();
        assertThat(policy.delayBeforeNext(1, Optional.of(Duration.ofMillis(100)), threeSeconds)).isPresent();
    }

    @Test
    void leavesARetryAfterLongerThanAMinuteToTheCaller() {
        assertThat(policy.delayBeforeNext(1, Optional.of(Duration.ofMinutes(5)), Deadline.none())).isEmpty();
    }

    @Test
    void cutsTheAttemptTimeoutToTheTimeLeft() {
        assertThat(policy.attemptTimeout(Deadline.none())).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.attemptTimeout(Deadline.fromRemaining(3_000))).isLessThanOrEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void aDeadlineOutsideLambdasRangeMeansNone() {
        assertThat(Deadline.fromRemaining(-1_700_000_000L).isBounded()).isFalse();
        assertThat(Deadline.fromRemaining(0).isBounded()).isFalse();
        assertThat(Deadline.fromRemaining(16 * 60_000).isBounded()).isFalse();
        assertThat(Deadline.fromRemaining(60_000).isBounded()).isTrue();
    }

    @Test
    void readsRetryAfterInBothForms() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        assertThat(RetryAfter.parse("7", now)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 0 ", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 10:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 09:59:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse("-5", now)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
    }

    @Test
    void readsTheRateLimitResetAsAnEpochSecond() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        assertThat(RetryAfter.parseReset(Long.toString(now.getEpochSecond() + 4), now)).contains(Duration.ofSeconds(4));
        assertThat(RetryAfter.parseReset(Long.toString(now.getEpochSecond() - 4), now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parseReset("soon", now)).isEmpty();
        assertThat(RetryAfter.parseReset("9".repeat(30), now)).isEmpty();
    }
}
