package dev.extendcancel.extend;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code Retry-After} header in both of its RFC 9110 forms (delay-seconds or an HTTP-date), and
 * {@code X-RateLimit-Reset} (the epoch second when the limit resets), which Extend's SDKs fall back to.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    static Optional<Duration> parse(String header) {
        return parse(header, Instant.now());
    }

    static Optional<Duration> parseReset(String header) {
        return parseReset(header, Instant.now());
    }

    static Optional<Duration> parseReset(String header, Instant now) {
        if (header == null || header.isBlank() || !header.strip().chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            Duration wait = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(header.strip())));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (RuntimeException outOfRange) {
            return Optional.empty();
        }
    }

    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException tooLarge) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
