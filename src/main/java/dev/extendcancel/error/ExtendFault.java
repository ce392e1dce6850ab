package dev.extendcancel.error;

/**
 * What Extend said when it refused or failed: its HTTP status (0 when no answer arrived), its error code and request
 * id where it gave them, its message (already stripped of secrets), and how many attempts were made.
 */
public record ExtendFault(int httpStatus, String code, String requestId, String message, int attempts) {

    /** {@code "Extend answered 404 NOT_FOUND (request req_1): No such run"}, leaving out what is unknown. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (httpStatus > 0) {
            text.append("Extend answered ").append(httpStatus);
            if (code != null) {
                text.append(' ').append(code);
            }
        } else {
            text.append("Extend gave no answer");
        }
        if (requestId != null) {
            text.append(" (request ").append(requestId).append(')');
        }
        if (message != null && !message.isBlank()) {
            text.append(": ").append(message);
        }
        if (attempts > 1) {
            text.append(" [after ").append(attempts).append(" attempts]");
        }
        return text.toString();
    }
}
