package dev.extendcancel.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The AWS Lambda Runtime API on loopback, as the Lambda service serves it to a function: {@code GET
 * /2018-06-01/runtime/invocation/next} hands out the next event with its request id and deadline, and the
 * function answers with {@code .../response}, {@code .../error} or {@code /init/error}. It records exactly what
 * reached it, so tests read the errorType that Step Functions would match. A SnapStart init ends with {@code GET
 * /restore/next}, the moment Lambda takes the snapshot; it is answered at once (nothing is snapshotted here).
 */
public final class RuntimeApiEmulator implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime";

    /** The function ARN sent with every invocation (Lambda-Runtime-Invoked-Function-Arn). */
    public static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:test";

    /**
     * What the function posted back for one invocation, with the request id and the X-Ray trace id (the Root of the
     * Lambda-Runtime-Trace-Id header) this invocation was sent with.
     */
    public record Outcome(boolean isError, String body, String errorTypeHeader, Duration elapsed, String requestId,
            String traceId) {
    }

    private record Pending(String requestId, String traceId, byte[] event, long deadlineEpochMs, long startNanos,
            CompletableFuture<Outcome> outcome) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Void> snapshot = new CompletableFuture<>();
    private volatile boolean closed;

    public RuntimeApiEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(BASE + "/invocation/next", this::next);
        server.createContext(BASE + "/invocation/", this::answer);
        server.createContext(BASE + "/init/error", this::initError);
        server.createContext(BASE + "/restore/next", this::restoreNext);
        server.createContext(BASE + "/restore/error", this::initError);
        server.setExecutor(executor);
        server.start();
    }

    /** The value for AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event with {@code remaining} until its deadline and waits up to {@code wait} for the answer. */
    public Outcome invoke(String event, Duration remaining, Duration wait) throws Exception {
        Pending pending = new Pending(UUID.randomUUID().toString(), traceId(), event.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() + remaining.toMillis(), System.nanoTime(), new CompletableFuture<>());
        queue.add(pending);
        return pending.outcome().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Outcome invoke(String event) throws Exception {
        return invoke(event, Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    /** What the function reported to /init/error, if it did within {@code wait}. */
    public String initError(Duration wait) throws Exception {
        return initError.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits up to {@code wait} for a SnapStart init to reach its snapshot ({@code GET /restore/next}). */
    public void awaitSnapshot(Duration wait) throws Exception {
        snapshot.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restoreNext(HttpExchange exchange) throws IOException {
        try (exchange) {
            snapshot.complete(null);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        try (exchange) {
            Pending pending = null;
            while (pending == null && !closed) {
                pending = queue.poll(200, TimeUnit.MILLISECONDS);
            }
            if (pending == null) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            inFlight.put(pending.requestId(), pending);
            var headers = exchange.getResponseHeaders();
            headers.add("Content-Type", "application/json");
            headers.add("Lambda-Runtime-Aws-Request-Id", pending.requestId());
            headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineEpochMs()));
            headers.add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
            // a fresh trace per invocation, as X-Ray gives: Root, Parent (the Lambda segment), Sampled
            headers.add("Lambda-Runtime-Trace-Id", "Root=" + pending.traceId() + ";Parent="
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ";Sampled=1");
            exchange.sendResponseHeaders(200, pending.event().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(pending.event());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().substring((BASE + "/invocation/").length()).split("/");
            Pending pending = path.length == 2 ? inFlight.remove(path[0]) : null;
            if (pending == null || !"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String body = read(exchange.getRequestBody());
            boolean isError = "error".equals(path[1]);
            pending.outcome().complete(new Outcome(isError, body,
                    exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"),
                    Duration.ofNanos(System.nanoTime() - pending.startNanos()), pending.requestId(), pending.traceId()));
            exchange.sendResponseHeaders(202, -1);
        }
    }

    private void initError(HttpExchange exchange) throws IOException {
        try (exchange) {
            initError.complete(read(exchange.getRequestBody()));
            exchange.sendResponseHeaders(202, -1);
        }
    }

    /** An X-Ray trace id: version 1, the epoch second in hex, 96 random bits in hex. */
    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + HexFormat.of().toHexDigits(random.nextInt()) + HexFormat.of().toHexDigits(random.nextLong());
    }

    private static String read(InputStream body) throws IOException {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
