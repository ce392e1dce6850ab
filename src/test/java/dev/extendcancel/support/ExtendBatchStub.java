package dev.extendcancel.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stateful stand-in for Extend's workflow run endpoints, on loopback, for batch tests: {@code GET /workflow_runs}
 * filtered by {@code batchId} and one {@code status}, newest {@code updatedAt} first (Extend's default sort, so a
 * cancel moves a run under a cursor), paged by {@code maxPageSize} (capped by {@link #maxPageSize}) and an opaque
 * {@code nextPageToken}; {@code POST /workflow_runs/{id}/cancel} (CANCELLED, or 400 INVALID_REQUEST when the run has
 * stopped); {@code GET /workflow_runs/{id}}. Faults are scripted per test. WireMock cannot keep 2,000 runs' state.
 */
public final class ExtendBatchStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IN_FLIGHT = Set.of("PENDING", "PROCESSING");

    /** One request as received. */
    public record Request(String method, String path, Map<String, String> query, String workspace, long atNanos) {
    }

    private static final class Run {
        final String id;
        final String batchId;
        volatile String status;
        volatile long updatedAt;
        /** Extend answered CANCELLED but the run stays where it was (listed in flight). */
        volatile boolean stuck;

        Run(String id, String batchId, String status, long updatedAt) {
            this.id = id;
            this.batchId = batchId;
            this.status = status;
            this.updatedAt = updatedAt;
        }
    }

    private final HttpServer server;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicInteger clock = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> confirmedCancels = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failingCancels = new ConcurrentHashMap<>();
    private final Set<String> finishBeforeCancel = ConcurrentHashMap.newKeySet();
    private final AtomicInteger throttled = new AtomicInteger();
    private volatile String throttleRetryAfter = "1";
    private final AtomicInteger unreadableLists = new AtomicInteger();
    private volatile Consumer<ExtendBatchStub> onListPage = stub -> {
    };
    private volatile int maxPageSize = 1000;

    public ExtendBatchStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ------------------------------------------------------------------ state

    public synchronized void reset() {
        runs.clear();
        requests.clear();
        confirmedCancels.clear();
        failingCancels.clear();
        finishBeforeCancel.clear();
        throttled.set(0);
        throttleRetryAfter = "1";
        unreadableLists.set(0);
        onListPage = stub -> {
        };
        maxPageSize = 1000;
    }

    /** Adds {@code count} runs {@code <batchId>_<n>} to a batch, all in {@code status}. */
    public List<String> seed(String batchId, int count, String status) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "wr_" + batchId + "_" + status.toLowerCase() + "_" + i;
            runs.put(id, new Run(id, batchId, status, clock.incrementAndGet()));
            ids.add(id);
        }
        return ids;
    }

    public void maxPageSize(int size) {
        maxPageSize = size;
    }

    /** The next {@code count} requests, whatever they are, answer 429 with {@code Retry-After}. */
    public void throttleNext(int count, String retryAfter) {
        throttleRetryAfter = retryAfter;
        throttled.set(count);
    }

    /** The next {@code count} list requests answer 200 with an HTML page. */
    public void unreadableListsNext(int count) {
        unreadableLists.set(count);
    }

    /** Every cancel of this run answers {@code status} (e.g. 500). */
    public void failCancels(String runId, int status) {
        failingCancels.put(runId, status);
    }

    /** The run finishes (PROCESSED) just before its cancel arrives: Extend refuses it with 400. */
    public void finishesBeforeCancel(String runId) {
        finishBeforeCancel.add(runId);
    }

    /** Extend answers the cancel with CANCELLED, but the run stays in flight in listings. */
    public void stuck(String runId) {
        runs.get(runId).stuck = true;
    }

    /** Called after each list page is computed: runs may change status while the function pages. */
    public void onListPage(Consumer<ExtendBatchStub> hook) {
        onListPage = hook;
    }

    /** Moves one run of the batch from {@code from} to {@code to} (newest updatedAt), if there is one. */
    public boolean move(String batchId, String from, String to) {
        for (Run run : runs.values()) {
            if (run.batchId.equals(batchId) && run.status.equals(from)) {
                synchronized (run) {
                    if (run.status.equals(from)) {
                        run.status = to;
                        run.updatedAt = clock.incrementAndGet();
                        return true;
                    }
                }
            }
        }
        return false;
    }

    public long inFlight(String batchId) {
        return runs.values().stream().filter(r -> r.batchId.equals(batchId) && IN_FLIGHT.contains(r.status)).count();
    }

    public long withStatus(String batchId, String status) {
        return runs.values().stream().filter(r -> r.batchId.equals(batchId) && r.status.equals(status)).count();
    }

    /** Runs whose cancel this stub answered with CANCELLED (a cancel Extend confirmed). */
    public Set<String> confirmedCancels() {
        return Set.copyOf(confirmedCancels);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(Predicate<Request> which) {
        return requests.stream().filter(which).toList();
    }

    public static Predicate<Request> lists() {
        return r -> r.method().equals("GET") && r.path().equals("/workflow_runs");
    }

    public static Predicate<Request> cancelsOf(String runId) {
        return r -> r.method().equals("POST") && r.path().equals("/workflow_runs/" + runId + "/cancel");
    }

    public static Predicate<Request> cancels() {
        return r -> r.method().equals("POST") && r.path().endsWith("/cancel");
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            requests.add(new Request(method, path, query, exchange.getRequestHeaders().getFirst("x-extend-workspace-id"),
                    System.nanoTime()));
            if (throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getResponseHeaders().add("Retry-After", throttleRetryAfter);
                send(exchange, 429, error("RATE_LIMIT_EXCEEDED", "Too many requests"));
                return;
            }
            String[] segments = path.split("/");
            if (method.equals("GET") && path.equals("/workflow_runs")) {
                list(exchange, query);
            } else if (method.equals("POST") && segments.length == 4 && segments[1].equals("workflow_runs")
                    && segments[3].equals("cancel")) {
                cancel(exchange, segments[2]);
            } else if (method.equals("GET") && segments.length == 3 && segments[1].equals("workflow_runs")) {
                Run run = runs.get(segments[2]);
                send(exchange, run == null ? 404 : 200, run == null ? error("NOT_FOUND", "No such run") : json(run));
            } else {
                send(exchange, 404, error("NOT_FOUND", "No route " + method + " " + path));
            }
        }
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (unreadableLists.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            byte[] html = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            return;
        }
        String batchId = query.get("batchId");
        String status = query.get("status");
        int size = Math.min(maxPageSize, Integer.parseInt(query.getOrDefault("maxPageSize", "10")));
        int offset = query.containsKey("nextPageToken") ? Integer.parseInt(query.get("nextPageToken").substring(4)) : 0;
        List<Run> matching = runs.values().stream()
                .filter(r -> batchId == null || r.batchId.equals(batchId))
                .filter(r -> status == null || listedStatus(r).equals(status))
                .sorted(Comparator.comparingLong((Run r) -> r.updatedAt).reversed().thenComparing(r -> r.id))
                .toList();
        ObjectNode page = JSON.createObjectNode().put("object", "list");
        ArrayNode data = page.putArray("data");
        for (Run run : matching.subList(Math.min(offset, matching.size()), Math.min(offset + size, matching.size()))) {
            ObjectNode item = json(run);
            item.put("status", listedStatus(run));
            data.add(item);
        }
        if (offset + size < matching.size()) {
            // an offset cursor, as fragile as a real one when runs move under it
            page.put("nextPageToken", "tok_" + (offset + size));
        } else {
            page.putNull("nextPageToken");
        }
        onListPage.accept(this);
        send(exchange, 200, page);
    }

    private static String listedStatus(Run run) {
        return run.stuck ? "PROCESSING" : run.status;
    }

    private void cancel(HttpExchange exchange, String runId) throws IOException {
        Integer failure = failingCancels.get(runId);
        if (failure != null) {
            send(exchange, failure, error("INTERNAL_ERROR", "Cancel failed"));
            return;
        }
        Run run = runs.get(runId);
        if (run == null) {
            send(exchange, 404, error("NOT_FOUND", "Workflow run " + runId + " not found"));
            return;
        }
        if (finishBeforeCancel.remove(runId)) {
            run.status = "PROCESSED";
            run.updatedAt = clock.incrementAndGet();
        }
        synchronized (run) {
            if (!IN_FLIGHT.contains(run.status)) {
                send(exchange, 400, error("INVALID_REQUEST", "Run " + runId + " cannot be cancelled in its current status"));
                return;
            }
            if (!run.stuck) {
                run.status = "CANCELLED";
            }
            run.updatedAt = clock.incrementAndGet();
        }
        confirmedCancels.add(runId);
        ObjectNode answer = json(run);
        answer.put("status", "CANCELLED");
        send(exchange, 200, answer);
    }

    private static ObjectNode json(Run run) {
        return JSON.createObjectNode().put("object", "workflow_run").put("id", run.id).put("status", run.status)
                .put("batchId", run.batchId).put("updatedAt", "2026-11-28T00:00:" + run.updatedAt + "Z");
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("code", code).put("message", message).put("retryable", false)
                .put("requestId", "req_stub");
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** A test resource for {@code @QuarkusTest}: one stub for the test JVM, Extend's base URL pointed at it. */
    public static final class Resource implements io.quarkus.test.common.QuarkusTestResourceLifecycleManager {

        private static ExtendBatchStub stub;

        public static synchronized ExtendBatchStub stub() {
            return stub;
        }

        @Override
        public synchronized Map<String, String> start() {
            try {
                if (stub == null) {
                    stub = new ExtendBatchStub();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Map<String, String> config = new HashMap<>();
            config.put("extend.base-url", stub.url());
            // a 2,000-run batch in seconds; the limit's own behaviour is tested in ExtendRateLimitTest and bench/
            config.put("extend.max-requests-per-second", "2000");
            return config;
        }

        @Override
        public synchronized void stop() {
            if (stub != null) {
                stub.close();
                stub = null;
            }
        }
    }
}
