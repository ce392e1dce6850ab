package dev.extendcancel.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.inject.Singleton;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.extendcancel.cancel.InvocationLog;
import dev.extendcancel.config.ConfigCheck;
import dev.extendcancel.error.InvalidRunRequest;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.funqy.runtime.ApplicationException;
import io.quarkus.funqy.runtime.FunctionConstructor;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.funqy.runtime.FunqyConfig;
import io.quarkus.funqy.runtime.FunqyServerRequest;
import io.quarkus.funqy.runtime.FunqyServerResponse;
import io.quarkus.funqy.runtime.RequestContext;
import io.quarkus.funqy.runtime.RequestContextImpl;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * Binds the Funqy function named by {@code QUARKUS_FUNQY_EXPORT} to AWS Lambda, through Quarkus's
 * {@code quarkus-amazon-lambda}: its poll loop (native, dev, test) and its {@code QuarkusStreamHandler} (the java21
 * managed runtime) both call this handler, and both report the class of what it throws as the Lambda errorType.
 *
 * <p>
 * It stands in for {@code quarkus-funqy-amazon-lambda}, whose binding (Quarkus 3.34) reports every error as
 * {@code io.quarkus.funqy.runtime.ApplicationException}, so Step Functions cannot Retry/Catch by error name; passes
 * no Lambda {@link Context} to functions, so they cannot see their deadline; and, in a native image, crashes on every
 * error because its {@code FunctionError} is not registered for reflection. Here the function gets the Lambda Context
 * through Funqy's own {@code @Context} injection, and its exceptions reach the runtime unwrapped.
 */
@Startup
@Singleton
public class FunqyLambdaBinding implements RequestStreamHandler {

    private final FunctionInvoker function;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    FunqyLambdaBinding(FunqyConfig funqy, ObjectMapper mapper) {
        this.function = exported(funqy);
        // an event is one JSON value: anything after it makes the event malformed, not ignored
        this.reader = mapper.readerFor(mapper.constructType(function.getInputType()))
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.writer = mapper.writerFor(mapper.constructType(function.getOutputType()));
        if (FunctionConstructor.CONTAINER == null) {
            FunctionConstructor.CONTAINER = new ArcBeanContainer();
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long startNanos = System.nanoTime();
        LambdaInvocation.begin(context);
        Object event = read(input, startNanos);
        RequestContextImpl funqyContext = new RequestContextImpl();
        funqyContext.setContextData(Context.class, context);
        Invocation invocation = new Invocation(funqyContext, event);
        ManagedContext requestScope = Arc.container().requestContext();
        requestScope.activate();
        try {
            function.invoke(invocation, invocation);
            Object result = invocation.output.await().indefinitely();
            if (result != null) {
                writer.writeValue(output, result);
            }
        } catch (ApplicationException wrapped) {
            throw unwrap(wrapped);
        } finally {
            requestScope.terminate();
        }
    }

    /** Lambda itself only passes valid JSON; the Runtime API emulators of tests and tools may not. */
    private Object read(InputStream input, long startNanos) throws IOException {
        try {
            return reader.readValue(input);
        } catch (JacksonException malformed) {
            InvalidRunRequest invalid = new InvalidRunRequest(
                    "The event is not valid JSON: " + malformed.getOriginalMessage(), null, null);
            // the function never sees this event, so the invocation's one line is written here
            InvocationLog.of(function.getName(), startNanos).failure(invalid);
            throw invalid;
        }
    }

    /** The function's own exception, so that its class name, not Funqy's wrapper, becomes the errorType. */
    private static RuntimeException unwrap(ApplicationException wrapped) {
        Throwable cause = wrapped.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return wrapped;
    }

    private static FunctionInvoker exported(FunqyConfig funqy) {
        // ConfigCheck has refused a bad export while the configuration was read; asked again here for any start-up
        // whose configuration it did not see
        ConfigCheck.exportProblem(funqy.export()).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        return FunctionRecorder.registry.matchInvoker(funqy.export().orElseThrow());
    }

    /** Funqy's request and response for one invocation. */
    private static final class Invocation implements FunqyServerRequest, FunqyServerResponse {
        private final RequestContext context;
        private final Object input;
        private Uni<?> output;

        Invocation(RequestContext context, Object input) {
            this.context = context;
            this.input = input;
        }

        @Override
        public RequestContext context() {
            return context;
        }

        @Override
        public Object extractInput(Class inputClass) {
            return input;
        }

        @Override
        public Uni<?> getOutput() {
            return output;
        }

        @Override
        public void setOutput(Uni<?> output) {
            this.output = output;
        }
    }
}
