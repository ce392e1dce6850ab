package dev.extendcancel.extend;

import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** One HTTP answer from Extend, read whole, with the response closed. */
public record ExtendAnswer(int status, byte[] body, String requestIdHeader, String retryAfterHeader,
        String rateLimitResetHeader) {

    static final String RATE_LIMIT_RESET = "X-RateLimit-Reset";

    /** Reads the whole answer and closes it. */
    static ExtendAnswer read(Response response) {
        try (response) {
            byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : null;
            return new ExtendAnswer(response.getStatus(), body == null ? new byte[0] : body,
                    response.getHeaderString(ExtendHeaders.REQUEST_ID), response.getHeaderString(HttpHeaders.RETRY_AFTER),
                    response.getHeaderString(RATE_LIMIT_RESET));
        }
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
