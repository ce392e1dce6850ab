package dev.extendcancel.extend;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** One HTTP answer from Extend, read whole. */
public record ExtendAnswer(int status, byte[] body, String requestIdHeader, String retryAfterHeader,
        String rateLimitResetHeader) {

    static final String RATE_LIMIT_RESET = "X-RateLimit-Reset";

    static ExtendAnswer read(HttpResponse<byte[]> response) {
        byte[] body = response.body() == null ? new byte[0] : response.body();
        return new ExtendAnswer(response.statusCode(), body, header(response, ExtendHeaders.REQUEST_ID),
                header(response, "Retry-After"), header(response, RATE_LIMIT_RESET));
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Extend's request id: from its header, else (on a failure) from the error body; success bodies are not re-read. */
    String requestId() {
        if (requestIdHeader != null && !requestIdHeader.isBlank()) {
            return requestIdHeader.strip();
        }
        return isSuccess() ? null : error().requestId();
    }

    /** Extend's own words on a refusal, read leniently from whatever body shape came back. */
    public ExtendErrorBody error() {
        return ExtendErrorBody.parse(body, requestIdHeader);
    }

    /** How long Extend asked us to wait: Retry-After, else X-RateLimit-Reset, as Extend's own SDKs read them. */
    Optional<Duration> retryAfter() {
        return RetryAfter.parse(retryAfterHeader).or(() -> RetryAfter.parseReset(rateLimitResetHeader));
    }
}
