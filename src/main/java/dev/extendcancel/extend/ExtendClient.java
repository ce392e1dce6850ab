package dev.extendcancel.extend;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.extendcancel.config.ExtendConfig;
import dev.extendcancel.error.CancelError;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * The one place where calls to Extend are made. Each call is retried on 408, 429, 5xx, timeouts, connection
 * failures and unreadable answers, as RetryPolicy decides, and ends either in an {@link ExtendResult} or in one of
 * the contract's errors (via ExtendFaults).
 */
// built at start-up, not on the first invocation: it is then part of init (and of a SnapStart snapshot)
@Startup
@ApplicationScoped
public class ExtendClient {

    private final ExtendApi api;
    private final RetryPolicy retries;
    private final ExtendFaults faults;
    private final ApiKeySource keys;

    ExtendClient(ExtendConfig config, ExtendFaults faults, ApiKeySource keys,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.faults = faults;
        this.keys = keys;
        this.retries = new RetryPolicy(config.maxAttempts(), config.timeout());
        long timeoutMillis = config.timeout().toMillis();
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(config.baseUrl())
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                // a redirect would carry the key to another host: refuse it, Extend's API does not redirect
                .followRedirects(false)
                .disableDefaultMapper(true)
                .register(new ExtendHeaders(keys::key, config.apiVersion(), "extend-cancel/" + version))
                .build(ExtendApi.class);
    }

    public ExtendResult cancel(RunKind kind, String runId, String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        return withKey("cancel", runId,
                () -> exchange(() -> api.cancel(kind.collection(), runId, workspaceId), "cancel", runId, deadline, trace));
    }

    public ExtendResult get(RunKind kind, String runId, String workspaceId, Deadline deadline, ExtendCallTrace trace) {
        return withKey("read", runId,
                () -> exchange(() -> api.get(kind.collection(), runId, workspaceId), "read", runId, deadline, trace));
    }

    /**
     * Makes sure there is a key before the call (a secret is read on first use, on this thread, not in the REST
     * client's filter), and after a 401 reads the secret once more: when it was rotated, the call is made once more
     * with the new key. A second 401, or the same key, stays a refusal (ExtendRejectedRequest).
     */
    private ExtendResult withKey(String action, String runId, Supplier<ExtendResult> call) {
        try {
            keys.key();
            ExtendResult result = call.get();
            if (result instanceof ExtendResult.Refused refused && refused.status() == 401 && keys.reread()) {
                return call.get();
            }
            return result;
        } catch (ApiKeyUnavailable unavailable) {
            throw faults.keyUnavailable(unavailable, action, runId);
        }
    }

    private ExtendResult exchange(Supplier<Uni<Response>> send, String action, String runId, Deadline deadline,
            ExtendCallTrace trace) {
        // counted across Mutiny's resubscriptions, which may run on its timer threads
        AtomicInteger attempts = new AtomicInteger();
        Uni<ExtendResult> attempt = Uni.createFrom().deferred(() -> {
            Duration timeout = retries.attemptTimeout(deadline);
            if (timeout.isZero()) {
                return Uni.createFrom().failure(new TimeoutException("no time left before the Lambda deadline"));
            }
            attempts.incrementAndGet();
            trace.attempted();
            return send.get()
                    .onItem().transform(ExtendAnswer::read)
                    .ifNoItem().after(timeout)
                    .failWith(() -> new TimeoutException("no answer within " + timeout.toMillis() + " ms"))
                    .onItem().invoke(trace::answered)
                    .onItem().transformToUni(answer -> classify(answer, runId));
        });
        return attempt
                .onFailure(ExtendClient::isRetryable).retry().when(failures -> failures.onItem()
                        .transformToUniAndConcatenate(failure -> retries
                                .delayBeforeNext(attempts.get(), retryAfter(failure), deadline)
                                .map(delay -> delay.isZero() ? Uni.createFrom().item(failure)
                                        : Uni.createFrom().item(failure).onItem().delayIt().by(delay))
                                .orElseGet(() -> Uni.createFrom().failure(failure))))
                .onFailure(ExtendClient::isRetryable).transform(failure -> faults.exhausted(failure, action, runId,
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
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return Uni.createFrom().item(new ExtendResult.Refused(answer));
        }
        // 408, 429, 5xx, and anything Extend's API never answers (1xx, 3xx): worth another attempt
        return Uni.createFrom().failure(new RetryableAnswer(answer));
    }

    /** Everything but the contract's own errors is a failure of the call itself: timeouts, resets, bad answers. */
    private static boolean isRetryable(Throwable failure) {
        return !(failure instanceof CancelError);
    }

    private static Optional<Duration> retryAfter(Throwable failure) {
        return failure instanceof RetryableAnswer retryable ? retryable.answer().retryAfter() : Optional.empty();
    }
}
