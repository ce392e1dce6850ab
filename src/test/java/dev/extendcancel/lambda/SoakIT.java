package dev.extendcancel.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import dev.extendcancel.support.AwsEvents;
import dev.extendcancel.support.InvocationLines;
import dev.extendcancel.support.PackagedFunction;
import dev.extendcancel.support.RuntimeApiEmulator;
import dev.extendcancel.support.RuntimeApiEmulator.Outcome;

/**
 * 2,000 invocations with a mix of Extend's faults and bad input through one running packaged function: every
 * outcome must be the expected one (no false success), the process must survive, and its threads and resident
 * memory must stay flat after warm-up. The figures go to target/soak.txt (and README).
 */
class SoakIT {

    private static final int INVOCATIONS = 2_000;
    private static final int WARM_UP = 200;
    /** Bounds after warm-up: a leak of one thread or a few hundred bytes per invocation would cross them. */
    private static final int MAX_THREAD_GROWTH = 2;
    private static final long MAX_RSS_GROWTH_KB = 48 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kind of run id -> what Extend does, and the outcome the caller must see. */
    private record Mix(String stub, String expected, int weight) {
    }

    private static final List<Mix> MIX = List.of(
            new Mix("ok", "success", 40),
            new Mix("missing", "RunNotFound", 10),
            new Mix("finished", "RunNotCancellable", 8),
            new Mix("cancelled", "success", 8),
            new Mix("denied", "ExtendRejectedRequest", 6),
            new Mix("limited", "ExtendRateLimited", 6),
            new Mix("broken", "ExtendUnavailable", 3),
            new Mix("reset", "ExtendUnavailable", 3),
            new Mix("html", "ExtendUnavailable", 3),
            new Mix("invalid", "InvalidRunRequest", 8),
            new Mix("http", "http 200", 5));

    @Test
    void twoThousandMixedInvocationsThroughOneFunction() throws Exception {
        WireMockServer extend = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(16).jettyAcceptors(1));
        extend.start();
        try (RuntimeApiEmulator runtime = new RuntimeApiEmulator()) {
            stub(extend);
            // 200 requests/s: calls often wait their turn (the limiter's scheduler is soaked too), but 2,000
            // invocations do not take the 7 minutes the default 5/s would
            Map<String, String> env = Map.of("AWS_LAMBDA_RUNTIME_API", runtime.address(),
                    "QUARKUS_FUNQY_EXPORT", "cancelWorkflowRun", "EXTEND_API_KEY", "sk_soak", "EXTEND_BASE_URL",
                    extend.baseUrl(), "EXTEND_MAX_ATTEMPTS", "2", "EXTEND_TIMEOUT", "2s",
                    "EXTEND_MAX_REQUESTS_PER_SECOND", "200");
            try (PackagedFunction lambda = PackagedFunction.start("soak", env)) {
                Random random = new Random(42);
                Map<String, Integer> seen = new TreeMap<>();
                long[] warm = null;
                long start = System.nanoTime();
                for (int i = 1; i <= INVOCATIONS; i++) {
                    Mix fault = pick(random);
                    String id = "wr_" + fault.stub() + "_" + i;
                    String event = switch (fault.stub()) {
                        case "invalid" -> "{\"id\":\"" + id + "/../x\"}";
                        case "http" -> AwsEvents.httpApiV2("workflow-runs", id).toString();
                        default -> "{\"id\":\"" + id + "\"}";
                    };
                    Outcome outcome = runtime.invoke(event, Duration.ofSeconds(30), Duration.ofSeconds(30));
                    String actual = outcomeOf(outcome);
                    assertThat(actual).as("invocation %d (%s)", i, fault.stub()).isEqualTo(fault.expected());
                    seen.merge(actual, 1, Integer::sum);
                    if (i == WARM_UP) {
                        warm = sample(lambda.pid());
                    }
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                long[] end = sample(lambda.pid());

                assertThat(lambda.isAlive()).isTrue();
                String report = String.format("soak (%s): %d invocations in %d s; outcomes %s; threads %d -> %d;"
                        + " RSS %d MB -> %d MB after %d warm-up invocations%n", PackagedFunction.isNative() ? "native" : "jvm",
                        INVOCATIONS, took.toSeconds(), seen, warm[0], end[0], warm[1] / 1024, end[1] / 1024, WARM_UP);
                System.out.print(report);
                Files.writeString(Path.of("target", "soak.txt"), report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                assertThat(end[0] - warm[0]).as("thread growth").isLessThanOrEqualTo(MAX_THREAD_GROWTH);
                assertThat(end[1] - warm[1]).as("RSS growth, kB").isLessThanOrEqualTo(MAX_RSS_GROWTH_KB);
                // every line JSON, one valid invocation line (Powertools keys, level, EMF) per invocation
                List<JsonNode> lines = InvocationLines.invocations(lambda.log());
                assertThat(lines).hasSize(INVOCATIONS);
                assertThat(lines).filteredOn(line -> line.path("cold_start").asBoolean()).hasSize(1);
                assertThat(lambda.log()).doesNotContain("sk_soak");
            }
        } finally {
            extend.stop();
        }
    }

    private static String outcomeOf(Outcome outcome) throws IOException {
        JsonNode body = JSON.readTree(outcome.body());
        if (outcome.isError()) {
            String type = body.path("errorType").asText();
            return type.substring(type.lastIndexOf('.') + 1);
        }
        if (body.has("statusCode")) {
            return "http " + body.path("statusCode").asInt();
        }
        return "CANCELLED".equals(body.path("status").asText()) ? "success" : "false success: " + body;
    }

    private static Mix pick(Random random) {
        int total = MIX.stream().mapToInt(Mix::weight).sum();
        int roll = random.nextInt(total);
        for (Mix fault : MIX) {
            roll -= fault.weight();
            if (roll < 0) {
                return fault;
            }
        }
        throw new IllegalStateException();
    }

    /** {threads, VmRSS in kB} of the function process, from /proc. */
    private static long[] sample(long pid) throws IOException {
        Map<String, Long> status = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            String[] parts = line.split(":\\s+");
            if (parts.length == 2 && (parts[0].equals("Threads") || parts[0].equals("VmRSS"))) {
                status.put(parts[0], Long.parseLong(parts[1].replace(" kB", "").trim()));
            }
        }
        return new long[] { status.get("Threads"), status.get("VmRSS") };
    }

    private static void stub(WireMockServer extend) {
        String run = "{\"object\":\"workflow_run\",\"id\":\"{{request.pathSegments.[1]}}\",\"status\":\"%s\"}";
        extend.stubFor(post(urlPathMatching("/workflow_runs/[^/]+/cancel")).atPriority(10)
                .willReturn(json(200, run.formatted("CANCELLED")).withTransformers("response-template")));
        extend.stubFor(post(urlPathMatching(".*_missing_.*")).atPriority(1).willReturn(json(404, "{\"code\":\"NOT_FOUND\"}")));
        extend.stubFor(post(urlPathMatching(".*_(finished|cancelled)_.*")).atPriority(1)
                .willReturn(json(400, "{\"code\":\"INVALID_REQUEST\",\"message\":\"cannot be cancelled\"}")));
        extend.stubFor(get(urlPathMatching(".*_finished_.*")).atPriority(1)
                .willReturn(json(200, run.formatted("PROCESSED")).withTransformers("response-template")));
        extend.stubFor(get(urlPathMatching(".*_cancelled_.*")).atPriority(1)
                .willReturn(json(200, run.formatted("CANCELLED")).withTransformers("response-template")));
        extend.stubFor(post(urlPathMatching(".*_denied_.*")).atPriority(1).willReturn(json(401, "{\"code\":\"UNAUTHORIZED\"}")));
        extend.stubFor(post(urlPathMatching(".*_limited_.*")).atPriority(1)
                .willReturn(json(429, "{\"code\":\"RATE_LIMIT_EXCEEDED\"}").withHeader("Retry-After", "0")));
        extend.stubFor(post(urlPathMatching(".*_broken_.*")).atPriority(1).willReturn(json(503, "{\"code\":\"INTERNAL_ERROR\"}")));
        extend.stubFor(post(urlPathMatching(".*_reset_.*")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        extend.stubFor(post(urlPathMatching(".*_html_.*")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>proxy</html>")));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
