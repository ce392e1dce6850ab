package dev.extendcancel.executions;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.extendcancel.error.ExecutionHistoryUnavailable;
import dev.extendcancel.error.ExecutionNotFound;
import dev.extendcancel.error.InvalidRunRequest;
import dev.extendcancel.extend.Deadline;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * The one class that talks to AWS: reads an execution's whole history with {@code GetExecutionHistory} (every page,
 * with execution data) through the AWS SDK for Java 2.x. Region, credentials and endpoint come from the SDK's
 * standard sources ({@code AWS_REGION}, the Lambda role's {@code AWS_ACCESS_KEY_ID}/{@code AWS_SESSION_TOKEN},
 * {@code AWS_ENDPOINT_URL_SFN} or {@code AWS_ENDPOINT_URL}, and their {@code aws.*} system properties), so the Lambda
 * environment works unchanged. Throttling and 5xx are retried by the SDK's standard retry strategy.
 *
 * <p>
 * The client is built on first use, not at start-up: only the Lambda that serves {@code cancelExecutionRuns} ever
 * pays for it; the six cancel functions start exactly as before. Its HTTP client is named explicitly (the
 * URL-connection one, the only one packaged) so the SDK does no ServiceLoader lookup.
 */
@ApplicationScoped
public class StepFunctionsHistory {

    /** Step Functions' largest page. */
    private static final int PAGE_SIZE = 1000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** Leaves time after the history for the cancels themselves. */
    private static final double SHARE_OF_DEADLINE = 0.5;

    private volatile SfnClient client;

    /**
     * Reads every page of the execution's history, handing each piece of execution data (execution input, state
     * input and output, task and Lambda output) to {@code data} as the JSON text Step Functions stores.
     *
     * @throws ExecutionNotFound when Step Functions knows no such execution
     * @throws ExecutionHistoryUnavailable when access is denied or Step Functions cannot be read in time
     */
    ExecutionHistory read(String executionArn, Deadline deadline, Consumer<String> data) {
        Duration budget = deadline.isBounded()
                ? Duration.ofMillis((long) (deadline.left().toMillis() * SHARE_OF_DEADLINE))
                : null;
        long start = System.nanoTime();
        String status = "RUNNING";
        int events = 0;
        int pages = 0;
        String nextToken = null;
        try {
            do {
                GetExecutionHistoryRequest.Builder request = GetExecutionHistoryRequest.builder()
                        .executionArn(executionArn).includeExecutionData(true).maxResults(PAGE_SIZE).nextToken(nextToken);
                if (budget != null) {
                    Duration left = budget.minusNanos(System.nanoTime() - start);
                    if (left.isNegative() || left.isZero()) {
                        throw unavailable(executionArn, "its history (" + events + " events so far) took longer than"
                                + " the invocation's time allows");
                    }
                    request.overrideConfiguration(override -> override.apiCallTimeout(left));
                }
                GetExecutionHistoryResponse page = client().getExecutionHistory(request.build());
                pages++;
                for (HistoryEvent event : page.events()) {
                    events++;
                    status = closingStatus(event, status);
                    executionData(event).forEach(text -> {
                        if (text != null) {
                            data.accept(text);
                        }
                    });
                }
                nextToken = page.nextToken();
            } while (nextToken != null && !nextToken.isEmpty());
        } catch (ExecutionDoesNotExistException missing) {
            throw new ExecutionNotFound("Execution " + executionArn + " does not exist (Step Functions answered"
                    + " ExecutionDoesNotExist" + requestId(missing) + "); nothing was cancelled");
        } catch (InvalidArnException invalid) {
            throw new InvalidRunRequest("Step Functions rejected the execution ARN " + executionArn + " as invalid"
                    + requestId(invalid), null, null);
        } catch (SfnException failed) {
            if (failed.statusCode() == 403 || "AccessDeniedException".equals(errorCode(failed))) {
                throw new ExecutionHistoryUnavailable("Access denied: this function's role may not call"
                        + " states:GetExecutionHistory on " + executionArn + " (Step Functions answered "
                        + errorCode(failed) + requestId(failed) + "); allow states:GetExecutionHistory on the executions"
                        + " of that state machine. Nothing was cancelled", true);
            }
            throw unavailable(executionArn, "Step Functions answered " + failed.statusCode() + " " + errorCode(failed)
                    + requestId(failed));
        } catch (SdkException failed) {
            throw unavailable(executionArn, "Step Functions could not be read: " + failed.getClass().getSimpleName()
                    + " " + failed.getMessage());
        }
        return new ExecutionHistory(status, events, pages);
    }

    /** The execution data an event carries; null for what it does not carry. */
    private static Stream<String> executionData(HistoryEvent event) {
        return Stream.of(
                event.executionStartedEventDetails() == null ? null : event.executionStartedEventDetails().input(),
                event.stateEnteredEventDetails() == null ? null : event.stateEnteredEventDetails().input(),
                event.stateExitedEventDetails() == null ? null : event.stateExitedEventDetails().output(),
                event.taskSubmittedEventDetails() == null ? null : event.taskSubmittedEventDetails().output(),
                event.taskSucceededEventDetails() == null ? null : event.taskSucceededEventDetails().output(),
                event.lambdaFunctionSucceededEventDetails() == null ? null
                        : event.lambdaFunctionSucceededEventDetails().output(),
                event.activitySucceededEventDetails() == null ? null : event.activitySucceededEventDetails().output(),
                event.executionSucceededEventDetails() == null ? null : event.executionSucceededEventDetails().output());
    }

    private static String closingStatus(HistoryEvent event, String current) {
        return switch (event.typeAsString()) {
            case "ExecutionAborted" -> "ABORTED";
            case "ExecutionTimedOut" -> "TIMED_OUT";
            case "ExecutionFailed" -> "FAILED";
            case "ExecutionSucceeded" -> "SUCCEEDED";
            default -> current;
        };
    }

    private static ExecutionHistoryUnavailable unavailable(String executionArn, String why) {
        return new ExecutionHistoryUnavailable("The history of execution " + executionArn + " could not be read: " + why
                + ". Nothing was cancelled; retrying is safe", false);
    }

    private static String errorCode(SfnException failed) {
        return failed.awsErrorDetails() == null ? "an error" : failed.awsErrorDetails().errorCode();
    }

    private static String requestId(SfnException failed) {
        return failed.requestId() == null ? "" : ", request " + failed.requestId();
    }

    private SfnClient client() {
        SfnClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = SfnClient.builder()
                            .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                                    .socketTimeout(READ_TIMEOUT).build())
                            .build();
                    client = current;
                }
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        SfnClient current = client;
        if (current != null) {
            current.close();
        }
    }
}
