package dev.extendcancel.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;

import dev.extendcancel.extend.tls.TlsWarmup;
import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;

/**
 * The handler for the java21 managed runtime ({@code dev.extendcancel.lambda.JvmHandler::handleRequest}): Quarkus's
 * {@link QuarkusStreamHandler}, except that a failed start-up reaches Lambda's init error with its cause ("EXTEND_API_KEY
 * is not set ...") instead of Quarkus's wrapper ("Quarkus manual initialization failed").
 *
 * <p>
 * A plain class with a stream {@code handleRequest}, which AWS's runtime accepts as a handler; implementing
 * RequestStreamHandler would make quarkus-amazon-lambda see two handlers.
 */
public final class JvmHandler {

    private final QuarkusStreamHandler quarkus;

    public JvmHandler() {
        TlsWarmup.startUnlessSnapStart(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
        try {
            quarkus = new QuarkusStreamHandler();
        } catch (RuntimeException failed) {
            Throwable cause = failed;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new IllegalStateException(String.valueOf(cause.getMessage()), failed);
        }
    }

    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        quarkus.handleRequest(input, output, context);
    }
}
