package dev.extendcancel.extend;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.extendcancel.config.ExtendConfig;
import dev.extendcancel.error.CancelError;
import dev.extendcancel.error.ExtendFault;
import dev.extendcancel.error.ExtendRejectedRequest;
import dev.extendcancel.extend.key.ApiKeySource;
import dev.extendcancel.extend.key.ApiKeyUnavailable;
import dev.extendcancel.extend.tls.ExtendTrust;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * The one place where calls to Extend are made. Each call is retried on 408, 429, 5xx, timeouts, connection
 * failures and unreadable answers, as RetryPolicy decides, and ends either in an {@link ExtendResult} or in one of
 * the contract's errors (via ExtendFaults). Every attempt waits its turn under EXTEND_MAX_REQUESTS_PER_SECOND
 * (ExtendRateLimit), one limit for all the calls of this function instance.
 */
// built at start-up, not on the first invocation: it is then part of init (and of a SnapStart snapshot)
@Startup
@ApplicationScoped
public class ExtendClient {

    private final ExtendApi api;
    private final RetryPolicy retries;
    private final ExtendFaults faults;
    private final ExtendRateLimit rateLimit;
    private final ApiKeySource keys;

    @Inject
    ExtendClient(ExtendConfig config, ExtendFaults faults, ApiKeySource keys,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this(ExtendApi.at(config.baseUrl(), config.timeout(), "https".equalsIgnoreCase(config.baseUrl().getScheme())
                ? ExtendTrust.of(config.extraCaCerts()) : null,
                new ExtendHeaders(keys::key, config.apiVersion(), "extend-cancel/" + version)),
                new RetryPolicy(config.maxAttempts(), config.timeout()), faults,
                new ExtendRateLimit(config.maxRequestsPerSecond()), keys);
    }

    /**
     * A client over {@code api} that never asks for a key, with one attempt and a limiter of its own: SnapStart
     * priming's, for its loopback server (it takes no turn from the real limit; it has no ExtendFaults, which hold the
     * key: with one attempt and a server that answers, nothing reaches them).
     */
    public static ExtendClient keyless(ExtendApi api, Duration timeout) {
        return new ExtendClient(api, new RetryPolicy(1, timeout), null, new ExtendRateLimit(1000), null);
    }

    /** A client over any {@link ExtendApi}; {@code keys} null: its calls never ask for a key. */
    ExtendClient(ExtendApi api, RetryPolicy retries, ExtendFaults faults, ExtendRateLimit rateLimit, ApiKeySource keys) {
        this.api = api;
        this.retries = retries;
        this.faults = faults;
        this.rateLimit = rateLimit;
        this.keys = keys;
    }

    /** The client-side limit every call waits under (EXTEND_MAX_REQUESTS_PER_SECOND): at most that many calls a second. */
    public double requestsPerSecond() {
        return rateLimit.perSecond();
    }

    public ExtendResult cancel(RunKind kind, String runId, String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        Subject subject = new Subject("cancel of run " + runId, "a run", runId);
        return withKey(subject, () -> exchange(() -> kind.cancel().call(api, runId, workspaceId),
                answer -> classify(answer, runId), subject, deadline, trace));
    }

    public ExtendResult get(RunKind kind, String runId, String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        Subject subject = new Subject("read of run " + runId, "a run", runId);
        return withKey(subject, () -> exchange(() -> kind.get().call(api, runId, workspaceId),
                answer -> classify(answer, runId), subject, deadline, trace));
    }

    /**
     * One page of the runs of one kind that one filter selects, in one status
     * ({@code GET /workflow_runs?workflowId=&status=}, {@code GET /extract_runs?extractorId=&status=}, ...). A refusal
     * (e.g. 401) is thrown as the contract's error: a listing has no run to fall back on.
     *
     * @param pageToken null for the first page
     */
    public RunPage listRuns(RunKind kind, RunFilter filter, String status, int pageSize, String pageToken,
            String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        String subject = "listing of " + filter.parameter() + " " + filter.value() + "'s " + status + " "
                + kind.collection();
        Subject about = new Subject(subject, "a run list", null);
        RunKind.RunListing listing = kind.list(filter);
        return withKey(about, () -> exchange(() -> listing.call(api, filter, status, pageSize, pageToken, workspaceId),
                answer -> classifyPage(answer, subject), about, deadline, trace));
    }

    /**
     * Makes sure there is a key before the call (a secret is read on first use, on this thread, not in the REST
     * client's filter), and after a 401 reads the secret once more: when it was rotated, the call is made once more
     * with the new key. A second 401, or the same key, stays a refusal (ExtendRejectedRequest).
     */
    private <T> T withKey(Subject subject, Supplier<T> call) {
        if (keys == null) {
            return call.get(); // a keyless client (priming): no key to read or re-read
        }
        try {
            keys.key();
            T result;
            try {
                result = call.get();
            } catch (ExtendRejectedRequest rejected) {
                // a listing throws its refusal instead of returning it
                if (rejected.fault().map(ExtendFault::httpStatus).orElse(0) == 401 && keys.reread()) {
                    return call.get();
                }
                throw rejected;
            }
            if (result instanceof ExtendResult.Refused refused && refused.status() == 401 && keys.reread()) {
                return call.get();
            }
            return result;
        } catch (ApiKeyUnavailable unavailable) {
            throw faults.keyUnavailable(unavailable, subject.description(), subject.runId());
        }
    }

    /** What a call is about, for its errors: "cancel of run wr_1", and what a successful answer should be. */
    record Subject(String description, String expected, String runId) {
    }

    private <T> T exchange(Supplier<Uni<Response>> send, Function<ExtendAnswer, Uni<T>> classify, Subject subject,
            Deadline deadline, ExtendCallTrace trace) {
        // counted across Mutiny's resubscriptions, which may run on its timer threads
        AtomicInteger attempts = new AtomicInteger();
        Uni<T> attempt = Uni.createFrom().deferred(() -> {
            if (retries.attemptTimeout(deadline).isZero()) {
                return Uni.createFrom().failure(new TimeoutException("no time left before the Lambda deadline"));
            }
            // every attempt, retries too, waits its turn under the shared limit, but never past the deadline
            long asked = System.nanoTime();
            return rateLimit.permit(deadline.left().minus(RetryPolicy.MIN_ATTEMPT)).onItem().transformToUni(granted -> {
                trace.waitedForTurn(System.nanoTime() - asked);
                Duration timeout = retries.attemptTimeout(deadline);
                if (!granted || timeout.isZero()) {
                    return Uni.createFrom().<T> failure(new TimeoutException("no time left before the Lambda deadline"
                            + " within the limit of " + rateLimit.describe() + " requests/s"));
                }
                attempts.incrementAndGet();
                trace.attempted();
                return send.get()
                        .map(ExtendAnswer::read)
                        .ifNoItem().after(timeout)
                        .failWith(() -> new TimeoutException("no answer within " + timeout.toMillis() + " ms"))
                        .onItem().invoke(trace::answered)
                        .onItem().<T> transformToUni(classify::apply);
            });
        });
        return attempt
                .onFailure(ExtendClient::isRetryable).retry().when(failures -> failures.onItem()
                        .transformToUniAndConcatenate(failure -> retries
                                .delayBeforeNext(attempts.get(), retryAfter(failure), isRateLimited(failure), deadline)
                                .map(delay -> delay.isZero() ? Uni.createFrom().item(failure)
                                        : Uni.createFrom().item(failure).onItem().delayIt().by(delay))
                                .orElseGet(() -> Uni.createFrom().failure(failure))))
                .onFailure(ExtendClient::isRetryable).transform(failure -> faults.exhausted(failure, subject,
                        attempts.get(), retries.suggestedWait(attempts.get())))
                .await().indefinitely();
    }

    private static Uni<ExtendResult> classify(ExtendAnswer answer, String runId) {
        int status = answer.status();
        if (answer.isSuccess()) {
            Optional<ExtendResult> run = RunEnvelope.unwrap(answer.body(), runId).map(ExtendResult.Run::new);
            return run.map(Uni.createFrom()::item)
                    .orElseGet(() -> Uni.createFrom().failure(new RetryableAnswer(answer)));
        }
        if (isFinalRefusal(status)) {
            return Uni.createFrom().item(new ExtendResult.Refused(answer));
        }
        // 408, 429, 5xx, and anything Extend's API never answers (1xx, 3xx): worth another attempt
        return Uni.createFrom().failure(new RetryableAnswer(answer));
    }

    private Uni<RunPage> classifyPage(ExtendAnswer answer, String subject) {
        if (answer.isSuccess()) {
            return RunPage.parse(answer.body()).map(Uni.createFrom()::item)
                    .orElseGet(() -> Uni.createFrom().failure(new RetryableAnswer(answer)));
        }
        if (isFinalRefusal(answer.status())) {
            return Uni.createFrom().failure(faults.listingRefused(answer, subject));
        }
        return Uni.createFrom().failure(new RetryableAnswer(answer));
    }

    private static boolean isFinalRefusal(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /** Everything but the contract's own errors is a failure of the call itself: timeouts, resets, bad answers. */
    private static boolean isRetryable(Throwable failure) {
        return !(failure instanceof CancelError);
    }

    private static boolean isRateLimited(Throwable failure) {
        return failure instanceof RetryableAnswer retryable && retryable.answer().status() == 429;
    }

    private static Optional<Duration> retryAfter(Throwable failure) {
        return failure instanceof RetryableAnswer retryable ? retryable.answer().retryAfter() : Optional.empty();
    }
}
