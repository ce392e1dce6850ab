package dev.extendcancel.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The xray_trace_id log key is the Root of the trace header, wherever Root sits in it. */
class LambdaInvocationTest {

    @Test
    void theRootIsTakenFromTheTraceHeader() {
        assertThat(LambdaInvocation.traceRoot("Root=1-5e9f0c65-1de4d666d4dd26aced652b6c;Parent=53995c3f42cd8ad8;Sampled=1"))
                .isEqualTo("1-5e9f0c65-1de4d666d4dd26aced652b6c");
        assertThat(LambdaInvocation.traceRoot("Parent=53995c3f42cd8ad8; Root=1-5e9f0c65-aaaaaaaaaaaaaaaaaaaaaaaa;Sampled=0"))
                .isEqualTo("1-5e9f0c65-aaaaaaaaaaaaaaaaaaaaaaaa");
    }

    @Test
    void noHeaderOrNoRootGivesNoTraceId() {
        assertThat(LambdaInvocation.traceRoot(null)).isNull();
        assertThat(LambdaInvocation.traceRoot("Parent=53995c3f42cd8ad8;Sampled=1")).isNull();
    }
}
