package dev.extendcancel.extend;

/** An answer worth another attempt: 408, 429, 5xx, or a success whose body is not a run. */
final class RetryableAnswer extends RuntimeException {

    private final transient ExtendAnswer answer;

    RetryableAnswer(ExtendAnswer answer) {
        super("Extend answered " + answer.status(), null, false, false);
        this.answer = answer;
    }

    ExtendAnswer answer() {
        return answer;
    }
}
