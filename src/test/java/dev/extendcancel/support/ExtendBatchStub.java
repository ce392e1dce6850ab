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
 * A stateful stand-in for Extend's run list and cancel endpoints, on loopback, for batch and selector tests: it knows
 * workflow runs (of a workflow, maybe of a batch) and extract, classify and split runs (of an extractor, classifier,
 * splitter). {@code GET /workflow_runs} filtered by {@code batchId} and {@code workflowId}, {@code GET /extract_runs}
 * by {@code extractorId}, {@code GET /classify_runs} by {@code classifierId}, {@code GET /split_runs} by
 * {@code splitterId}, each by one {@code status}, newest {@code updatedAt} first (Extend's default sort, so a cancel
 * moves a run under a cursor), paged by {@code maxPageSize} (capped by {@link #maxPageSize}) and an opaque
 * {@code nextPageToken}, summaries shaped as Extend's 2026-02-09 ones ({@code workflow: {id}}, {@code extractor:
 * {id}}, ...); {@code POST /{kind}/{id}/cancel} (CANCELLED, or 400 INVALID_REQUEST when the run has stopped, or is a
 * processor run still PENDING: Extend cancels those only while PROCESSING); {@code GET /{kind}/{id}}. Faults are
 * scripted per test, and {@link #ignoreFilters} plays an Extend that dropped a filter. WireMock cannot keep 2,000
 * runs' state.
 */
public final class ExtendBatchStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IN_FLIGHT = Set.of("PENDING", "PROCESSING");

    /** One request as received. */
    public record Request(String method, String path, Map<String, String> query, String workspace, long atNanos) {
    }

    /** Extend's run collections this stand-in serves, and the list filter naming each run's owner. */
    private static final Map<String, String> OWNER_FILTERS = Map.of("workflow_runs", "workflowId",
            "extract_runs", "extractorId", "classify_runs", "classifierId", "split_runs", "splitterId");
    private static final Map<String, String> OWNER_FIELDS = Map.of("workflow_runs", "workflow",
            "extract_runs", "extractor", "classify_runs", "classifier", "split_runs", "splitter");

    private static final class Run {
        final String id;
        final String collection;
        /** The workflow, extractor, classifier or splitter it is a run of. */
        final String owner;
        final String batchId;
        volatile String status;
        volatile long updatedAt;
        /** Extend answered CANCELLED but the run stays where it was (listed in flight). */
        volatile boolean stuck;

        Run(String id, String collection, String owner, String batchId, String status, long updatedAt) {
            this.id = id;
            this.collection = collection;
            this.owner = owner;
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
    private volatile boolean ignoreFilters;

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
        ignoreFilters = false;
    }

    /** Adds {@code count} runs {@code <batchId>_<n>} to a batch, all in {@code status}. */
    public List<String> seed(String batchId, int count, String status) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "wr_" + batchId + "_" + status.toLowerCase() + "_" + i;
            runs.put(id, new Run(id, "workflow_runs", "workflow_of_" + batchId, batchId, status,
                    clock.incrementAndGet()));
            ids.add(id);
        }
        return ids;
    }

    /**
     * Adds {@code count} runs {@code <prefix>_<owner>_<status>_<n>} of a workflow ({@code workflow_runs}), extractor
     * ({@code extract_runs}), classifier ({@code classify_runs}) or splitter ({@code split_runs}), in no batch.
     */
    public List<String> seedRuns(String collection, String owner, int count, String status) {
        if (!OWNER_FILTERS.containsKey(collection)) {
            throw new IllegalArgumentException("no run collection " + collection);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = collection.substring(0, 2) + "r_" + owner + "_" + status.toLowerCase() + "_" + i;
            runs.put(id, new Run(id, collection, owner, null, status, clock.incrementAndGet()));
            ids.add(id);
        }
        return ids;
    }

    /** From now on, listings ignore every filter but status: the whole workspace's runs of that kind. */
    public void ignoreFilters() {
        ignoreFilters = true;
    }

    /** Runs of a workflow, extractor, classifier or splitter still PENDING or PROCESSING. */
    public long inFlightOf(String owner) {
        return runs.values().stream().filter(r -> r.owner.equals(owner) && IN_FLIGHT.contains(r.status)).count();
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
            if (batchId.equals(run.batchId) && run.status.equals(from)) {
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
        return runs.values().stream().filter(r -> batchId.equals(r.batchId) && IN_FLIGHT.contains(r.status)).count();
    }

    public long withStatus(String batchId, String status) {
        return runs.values().stream().filter(r -> batchId.equals(r.batchId) && r.status.equals(status)).count();
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

    /** Listings of one collection, e.g. {@code extract_runs}. */
    public static Predicate<Request> listsOf(String collection) {
        return r -> r.method().equals("GET") && r.path().equals("/" + collection);
    }

    /** Cancels of any of these runs, whatever their kind. */
    public static Predicate<Request> cancelsOfAny(java.util.Collection<String> runIds) {
        Set<String> ids = Set.copyOf(runIds);
        return r -> r.method().equals("POST") && r.path().endsWith("/cancel") && r.path().split("/").length == 4
                && ids.contains(r.path().split("/")[2]);
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
            boolean collection = segments.length >= 2 && OWNER_FILTERS.containsKey(segments[1]);
            if (method.equals("GET") && collection && segments.length == 2) {
                list(exchange, segments[1], query);
            } else if (method.equals("POST") && collection && segments.length == 4 && segments[3].equals("cancel")) {
                cancel(exchange, segments[1], segments[2]);
            } else if (method.equals("GET") && collection && segments.length == 3) {
                Run run = ofCollection(segments[1], segments[2]);
                send(exchange, run == null ? 404 : 200, run == null ? error("NOT_FOUND", "No such run") : json(run));
            } else {
                send(exchange, 404, error("NOT_FOUND", "No route " + method + " " + path));
            }
        }
    }

    private Run ofCollection(String collection, String runId) {
        Run run = runs.get(runId);
        return run != null && run.collection.equals(collection) ? run : null;
    }

    private void list(HttpExchange exchange, String collection, Map<String, String> query) throws IOException {
        if (unreadableLists.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            byte[] html = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            return;
        }
        String batchId = ignoreFilters ? null : query.get("batchId");
        String owner = ignoreFilters ? null : query.get(OWNER_FILTERS.get(collection));
        String status = query.get("status");
        int size = Math.min(maxPageSize, Integer.parseInt(query.getOrDefault("maxPageSize", "10")));
        int offset = query.containsKey("nextPageToken") ? Integer.parseInt(query.get("nextPageToken").substring(4)) : 0;
        List<Run> matching = runs.values().stream()
                .filter(r -> r.collection.equals(collection))
                .filter(r -> batchId == null || batchId.equals(r.batchId))
                .filter(r -> owner == null || owner.equals(r.owner))
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

    private void cancel(HttpExchange exchange, String collection, String runId) throws IOException {
        Integer failure = failingCancels.get(runId);
        if (failure != null) {
            send(exchange, failure, error("INTERNAL_ERROR", "Cancel failed"));
            return;
        }
        Run run = ofCollection(collection, runId);
        if (run == null) {
            send(exchange, 404, error("NOT_FOUND", "Run " + runId + " not found in " + collection));
            return;
        }
        if (finishBeforeCancel.remove(runId)) {
            run.status = "PROCESSED";
            run.updatedAt = clock.incrementAndGet();
        }
        synchronized (run) {
            boolean processorRunPending = !run.collection.equals("workflow_runs") && run.status.equals("PENDING");
            if (!IN_FLIGHT.contains(run.status) || processorRunPending) {
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
        String object = run.collection.substring(0, run.collection.length() - 1);
        ObjectNode json = JSON.createObjectNode().put("object", object).put("id", run.id).put("status", run.status);
        String ownerField = OWNER_FIELDS.get(run.collection);
        json.putObject(ownerField).put("object", ownerField).put("id", run.owner).put("name", "The " + ownerField);
        if (run.collection.equals("workflow_runs")) {
            json.put("batchId", run.batchId);
        }
        return json.put("updatedAt", "2026-11-28T00:00:" + run.updatedAt + "Z");
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
