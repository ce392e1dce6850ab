package dev.extendcancel.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.extendcancel.cancel.CancelInvocation;
import dev.extendcancel.error.CancelError;
import dev.extendcancel.extend.ExtendApi;
import dev.extendcancel.extend.RunKind;
import dev.extendcancel.functions.BatchFunctions;
import dev.extendcancel.functions.CancelFunctions;
import dev.extendcancel.events.RunSelector;
import dev.extendcancel.functions.ExecutionFunctions;
import dev.extendcancel.functions.SelectorFunctions;
import dev.extendcancel.lambda.JvmHandler;
import io.quarkus.funqy.Funq;

/**
 * Fails when the code and the infrastructure drift apart. The code is the truth: the {@code @Funq} methods of
 * CancelFunctions and BatchFunctions, the permitted subclasses of CancelError (whose class names are the Lambda errorType values that
 * Step Functions matches) and the Quarkus handler class. The infrastructure is read from the files Terraform and
 * API clients use: terraform/modules/operations/operations.json (the one operation map Terraform decodes),
 * infra/statemachines/*.asl.json and infra/openapi.yaml.
 */
class InfrastructureDriftTest {

    static final String JVM_HANDLER = JvmHandler.class.getName() + "::handleRequest";

    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final Path OPERATIONS_JSON = ROOT.resolve("terraform/modules/operations/operations.json");
    static final Path STATE_MACHINES = ROOT.resolve("infra/statemachines");
    static final Path OPENAPI = ROOT.resolve("infra/openapi.yaml");

    static final String ERROR_PACKAGE = "dev.extendcancel.error.";
    /** What the contract says Step Functions should retry, and what it should be able to branch on. */
    static final Set<String> RETRY = Set.of(ERROR_PACKAGE + "ExtendRateLimited", ERROR_PACKAGE + "ExtendUnavailable");
    static final Set<String> CATCH = Set.of(ERROR_PACKAGE + "RunNotFound", ERROR_PACKAGE + "RunNotCancellable");
    static final Set<String> LAMBDA_SERVICE_ERRORS_TO_RETRY = Set.of("Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException");
    /** Errors the Step Functions Lambda integration can raise (Lambda API exceptions), besides the function's own. */
    static final Set<String> KNOWN_LAMBDA_ERRORS = Set.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException", "Lambda.ClientExecutionTimeoutException",
            "Lambda.Unknown", "Lambda.ResourceNotReadyException", "Lambda.EC2ThrottledException",
            "Lambda.ResourceConflictException");

    /** Every class whose @Funq methods function.zip serves. */
    static final List<Class<?>> FUNCTION_CLASSES = List.of(CancelFunctions.class, BatchFunctions.class,
            SelectorFunctions.class, ExecutionFunctions.class);
    /**
     * Errors only a function without an HTTP route emits (cancelExecutionRuns, invoked by EventBridge): they reach
     * no HTTP caller, so the OpenAPI description must not promise them.
     */
    static final Set<String> EVENT_ONLY_ERRORS = Set.of("ExecutionNotFound", "ExecutionHistoryUnavailable");
    /** What Terraform gives every function but cancelExecutionRuns (variable "timeout" of terraform/variables.tf). */
    static final Pattern TIMEOUT_DEFAULT = Pattern.compile(
            "variable \"timeout\" \\{[^}]*?default\\s*=\\s*(\\d+)", Pattern.DOTALL);
    /** Lambda's init phase, which a function's timeout does not count but a Task's TimeoutSeconds does. */
    static final int LAMBDA_INIT_SECONDS = 10;
    /** The batch function: its route and Extend calls are its own, not a run kind's. */
    static final String BATCH_FUNCTION = "cancelWorkflowBatch";
    /** The selector function: one route per selector but the batch, each its own Extend listing. */
    static final String SELECTOR_FUNCTION = "cancelRuns";
    /** The functions that drain many runs: they answer counts (202 while runs are left), never one run's errors. */
    static final Set<String> DRAIN_FUNCTIONS = Set.of(BATCH_FUNCTION, SELECTOR_FUNCTION);
    /** Routes of the run functions describe these statuses too; the batch route has no single run to miss. */
    static final List<String> RUN_ONLY_STATUSES = List.of("404", "409");
    static final List<String> EVERY_ROUTES_STATUSES = List.of("200", "400", "403", "429", "502", "503", "504");

    static final Pattern FUNCTION_PLACEHOLDER = Pattern.compile("\\$\\{\\s*function_arns\\.([A-Za-z0-9_]+)\\s*}");

    static final ObjectMapper JSON = new ObjectMapper();

    // ---------------------------------------------------------------- functions, Lambdas, routes

    @Test
    void everyFunctionHasALambdaEveryRunCancelARouteAndEveryOperationIsAFunction() throws Exception {
        assertEquals(funqFunctions(), operations().keySet(),
                "The @Funq methods of " + FUNCTION_CLASSES + " and the operations in " + ROOT.relativize(OPERATIONS_JSON)
                        + " must be the same set: each function needs a Lambda, and each Lambda must name a function"
                        + " (QUARKUS_FUNQY_EXPORT)");
        Set<String> runFunctions = new TreeSet<>(runKindsByFunction().keySet());
        for (Map.Entry<String, JsonNode> operation : operations().entrySet()) {
            JsonNode route = operation.getValue().path("route_key");
            if (runFunctions.contains(operation.getKey()) || DRAIN_FUNCTIONS.contains(operation.getKey())) {
                assertTrue(route.isTextual(), operation.getKey() + " serves HTTP callers: it needs a route");
            } else {
                assertTrue(route.isNull() && operation.getValue().path("trigger").isTextual(), operation.getKey()
                        + " has no HTTP adapter in the code: route_key must be null and a trigger must say what"
                        + " invokes it");
            }
        }
    }

    /** The cleanup function the rule's queue feeds is the one the code serves, and it has no route. */
    @Test
    void theExecutionCleanupRuleInvokesTheFunctionThatReadsHistories() throws IOException {
        String hcl = read(ROOT.resolve("terraform/executions.tf"));
        Matcher name = Pattern.compile("cleanup_function\\s*=\\s*\"(\\w+)\"").matcher(hcl);
        assertTrue(name.find(), "terraform/executions.tf must name its function (local.cleanup_function)");
        assertTrue(funqFunctions().contains(name.group(1)), name.group(1) + " is no @Funq method");
        assertTrue(eventFunctions().contains(name.group(1)), name.group(1) + " must be a function without a route");
        assertTrue(read(ROOT.resolve("terraform/modules/operations/main.tf"))
                .contains("cleanup_function  = \"" + name.group(1) + "\""), "The operations module and the root module"
                        + " must name the same cleanup function");
        assertTrue(hcl.contains("arn       = aws_sqs_queue.execution_cleanup[0].arn"),
                "The rule's target must be the cleanup queue");
        assertTrue(hcl.contains("function_name           = aws_lambda_alias.this[local.cleanup_function].arn"),
                "The queue's event source mapping must invoke the function's alias");
        assertTrue(hcl.contains("function_response_types = [\"ReportBatchItemFailures\"]"),
                "The function answers batchItemFailures: the mapping must read them");
    }

    @Test
    void everyOperationHasAWellFormedDistinctRouteAndLambdaName() throws IOException {
        Set<String> routes = new TreeSet<>();
        Set<String> slugs = new TreeSet<>();
        Set<String> eventFunctions = eventFunctions();
        for (Map.Entry<String, JsonNode> operation : operations().entrySet()) {
            String function = operation.getKey();
            String slug = operation.getValue().path("slug").asText();
            assertEquals(kebab(function), slug, function + ": the Lambda name's slug must follow the function's name");
            assertTrue(slugs.add(slug), "Two operations share the slug " + slug);
            if (eventFunctions.contains(function)) {
                continue;
            }
            List<String> keys = routeKeys(operation.getValue());
            assertEquals(operation.getValue().path("route_key").asText(), keys.getFirst(),
                    function + ": route_key must be the first of its route_keys");
            for (String route : keys) {
                assertTrue(route.matches("POST /[a-z-]+/\\{id}(/runs)?/cancel"),
                        function + ": route " + route + " is not POST /<runs>/{id}/cancel nor POST /<owners>/{id}/runs/cancel");
                assertTrue(routes.add(route), "Two routes alike: " + route);
            }
        }
    }

    /**
     * Each function's route and Extend call in the map match the run kind the code actually cancels: the function
     * is called with a mock in place of the canceller, and the RunKind it passes is read.
     */
    @Test
    void everyRouteAndExtendCallMatchTheRunKindTheFunctionCancels() throws Exception {
        Map<String, RunKind> kinds = runKindsByFunction();
        Set<String> eventFunctions = eventFunctions();
        for (Map.Entry<String, JsonNode> operation : operations().entrySet()) {
            if (eventFunctions.contains(operation.getKey())) {
                continue;
            }
            if (operation.getKey().equals(SELECTOR_FUNCTION)) {
                List<String> expected = new ArrayList<>();
                for (RunSelector.By by : RunSelector.By.values()) {
                    if (by != RunSelector.By.BATCH) {
                        expected.add("POST /" + by.routeCollection() + "/{id}/runs/cancel");
                    }
                    assertTrue(operation.getValue().path("extend_call").asText().contains(by.field() + "="),
                            SELECTOR_FUNCTION + ": extend_call must name the listing filter " + by.field());
                }
                assertEquals(expected, routeKeys(operation.getValue()),
                        SELECTOR_FUNCTION + ": one route per selector the HTTP adapter reads (RunSelector.By)");
                continue;
            }
            if (operation.getKey().equals(BATCH_FUNCTION)) {
                assertEquals("POST /workflow-batches/{id}/cancel", operation.getValue().path("route_key").asText());
                assertTrue(operation.getValue().path("extend_call").asText().contains("GET /workflow_runs?batchId="),
                        BATCH_FUNCTION + ": extend_call must name the listing it makes");
                assertTrue(operation.getValue().path("extend_call").asText().contains("POST /workflow_runs/"),
                        BATCH_FUNCTION + ": extend_call must name the cancels it makes");
                continue;
            }
            RunKind kind = kinds.get(operation.getKey());
            assertNotNull(kind, operation.getKey() + " is in operations.json but is no @Funq method of CancelFunctions");
            String cancelPath = pathCalledBy(kind.cancel());
            String collection = cancelPath.substring(1, cancelPath.indexOf('/', 1));
            assertEquals(collection, kind.collection(), kind + ": its collection must be the one its endpoints call");
            assertEquals("POST " + cancelPath, operation.getValue().path("extend_call").asText(),
                    operation.getKey() + ": extend_call must be the call the function makes");
            assertEquals("POST /" + collection.replace('_', '-') + "/{id}/cancel",
                    operation.getValue().path("route_key").asText(),
                    operation.getKey() + ": the HTTP route must name the run kind the function cancels");
        }
    }

    /** The {@code @Path} of the ExtendApi method that {@code endpoint} calls, e.g. /workflow_runs/{id}/cancel. */
    private static String pathCalledBy(RunKind.RunEndpoint endpoint) {
        ExtendApi api = Mockito.mock(ExtendApi.class);
        endpoint.call(api, "wr_1", null);
        Method called = Mockito.mockingDetails(api).getInvocations().iterator().next().getMethod();
        return called.getAnnotation(jakarta.ws.rs.Path.class).value();
    }

    /** The root module must build its Lambdas, routes and environment from the map, not from a list of its own. */
    @Test
    void theRootModuleDeploysFromTheOperationMap() throws IOException {
        String operationsModule = read(ROOT.resolve("terraform/modules/operations/main.tf"));
        assertTrue(operationsModule.contains("jsondecode(file(\"${path.module}/operations.json\"))"),
                "terraform/modules/operations must read operations.json");
        assertTrue(operationsModule.matches("(?s).*QUARKUS_FUNQY_EXPORT\\s*=\\s*fn\\b.*"),
                "Each Lambda's QUARKUS_FUNQY_EXPORT must be its function's name");

        assertForEachOverOperations(read(ROOT.resolve("terraform/lambda.tf")), "aws_lambda_function");
        assertForEachOverOperations(read(ROOT.resolve("terraform/lambda.tf")), "aws_lambda_alias");
        String api = read(ROOT.resolve("terraform/apigateway.tf"));
        assertForEachOver(api, "aws_apigatewayv2_route", "local.http_routes");
        assertForEachOver(api, "aws_lambda_permission", "local.http_routes");
        assertForEachOverOperations(api, "aws_apigatewayv2_integration");
        assertTrue(operationsModule.contains("try(op.route_keys, [op.route_key])"),
                "The module's routes must be every route key of the operation map");
        assertTrue(api.matches("(?s).*route_key\\s*=\\s*each\\.value\\.route_key.*"),
                "Routes must take their keys from the operation map");
    }

    // ---------------------------------------------------------------- OpenAPI

    @Test
    void everyOpenApiRouteIsTheRouteOfARealFunctionAndEveryFunctionIsDescribed() throws IOException {
        Map<String, String> routeToFunction = new TreeMap<>();
        operations().forEach((function, op) -> {
            if (op.path("route_key").isTextual()) {
                routeKeys(op).forEach(route -> routeToFunction.put(route, function));
            }
        });
        Set<String> funq = funqFunctions();

        Map<String, String> described = openApiOperations();
        assertFalse(described.isEmpty(), "No operation found in " + ROOT.relativize(OPENAPI));
        for (Map.Entry<String, String> entry : described.entrySet()) {
            String function = routeToFunction.get(entry.getKey());
            assertNotNull(function, ROOT.relativize(OPENAPI) + " describes " + entry.getKey()
                    + ", which is no function's route: " + routeToFunction.keySet());
            assertTrue(funq.contains(function), function + " is no @Funq method");
            // OpenAPI wants operationIds unique: the routes of a function with several are named after it
            boolean severalRoutes = routeToFunction.values().stream().filter(function::equals).count() > 1;
            assertTrue(severalRoutes ? entry.getValue().startsWith(function) : entry.getValue().equals(function),
                    entry.getKey() + ": operationId " + entry.getValue() + " must be the function's name " + function
                            + (severalRoutes ? " followed by what the route selects" : ""));
        }
        assertEquals(described.size(), new TreeSet<>(described.values()).size(), "operationIds must be unique");
        assertEquals(routeToFunction.keySet(), described.keySet(),
                ROOT.relativize(OPENAPI) + " must describe every route");
    }

    @Test
    void theOpenApiDescriptionNamesTheWorkspaceHeaderAndEveryContractStatus() throws IOException {
        String openapi = read(OPENAPI);
        assertTrue(openapi.contains("name: x-extend-workspace-id"), "The workspace header must be described");
        assertTrue(openapi.contains("application/problem+json"), "Errors are problem+json");
        assertTrue(openapi.contains("Retry-After:"), "429 carries Retry-After");
        int routes = openApiOperations().size();
        int batchRoutes = (int) openApiOperations().values().stream()
                .filter(id -> id.equals(BATCH_FUNCTION) || id.startsWith(SELECTOR_FUNCTION)).count();
        for (String status : EVERY_ROUTES_STATUSES) {
            assertEquals(routes, count(openapi, "        '" + status + "':"), "Every route must describe status " + status);
        }
        for (String status : RUN_ONLY_STATUSES) {
            assertEquals(routes - batchRoutes, count(openapi, "        '" + status + "':"),
                    "Every run route must describe status " + status);
        }
        assertEquals(batchRoutes, count(openapi, "        '202':"), "The drain routes answer 202 while runs are left");
        for (Class<?> error : CancelError.class.getPermittedSubclasses()) {
            if (EVENT_ONLY_ERRORS.contains(error.getSimpleName())) {
                assertFalse(openapi.contains(error.getSimpleName()), "No HTTP route can answer " + error.getSimpleName());
            } else {
                assertTrue(openapi.contains(error.getSimpleName()), "The OpenAPI description never names " + error);
            }
        }
    }

    // ---------------------------------------------------------------- state machines

    @Test
    void everyErrorNameInAStateMachineIsOneTheCodeCanEmit() throws IOException {
        Set<String> emitted = Arrays.stream(CancelError.class.getPermittedSubclasses()).map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(emitted.containsAll(RETRY) && emitted.containsAll(CATCH),
                "The errors the contract says to retry or catch must be permitted subclasses of CancelError: "
                        + emitted);

        for (Path file : stateMachines()) {
            List<String> names = new ArrayList<>();
            collectErrorNames(JSON.readTree(file.toFile()), names);
            assertFalse(names.isEmpty(), file + " handles no error at all");
            for (String name : names) {
                if (name.startsWith("States.")) {
                    continue;
                }
                if (name.startsWith("Lambda.")) {
                    assertTrue(KNOWN_LAMBDA_ERRORS.contains(name), file.getFileName() + ": " + name
                            + " is not an error of the Lambda integration (typo?)");
                    continue;
                }
                assertTrue(emitted.contains(name), file.getFileName() + ": ErrorEquals names " + name
                        + ", which no function emits. The functions' errorType values are " + emitted);
            }
        }
    }

    @Test
    void everyTaskInvokingAFunctionRetriesAndCatchesWhatTheContractSays() throws IOException {
        Set<String> functions = funqFunctions();
        int tasks = 0;
        for (Path file : stateMachines()) {
            String text = read(file);
            Matcher placeholders = FUNCTION_PLACEHOLDER.matcher(text);
            while (placeholders.find()) {
                assertTrue(functions.contains(placeholders.group(1)), file.getFileName() + " invokes "
                        + placeholders.group(1) + ", which is no function; known: " + functions);
            }
            for (JsonNode task : functionTasks(JSON.readTree(text))) {
                tasks++;
                String where = file.getFileName() + " state " + task.path("__name").asText();
                String invoked = task.path("Parameters").path("FunctionName").asText();
                boolean batch = DRAIN_FUNCTIONS.stream().anyMatch(fn -> invoked.contains("function_arns." + fn + "}"));
                assertEquals("arn:aws:states:::lambda:invoke", task.path("Resource").asText(), where);
                if (batch) {
                    assertEquals("$.Payload", task.path("ResultSelector").path("answer.$").asText(),
                            where + ": the loop reads the function's answer");
                    for (RunSelector.By by : invoked.contains(SELECTOR_FUNCTION) ? List.of(RunSelector.By.values())
                            : List.of(RunSelector.By.BATCH)) {
                        assertTrue(task.path("Parameters").path("Payload").has(by.field() + ".$"),
                                where + ": payload needs the selector field " + by.field());
                    }
                    assertFalse(task.path("Parameters").path("Payload").has("dryRun.$"),
                            where + ": a dry run never answers done, the loop would never end");
                } else {
                    assertEquals("$.Payload", task.path("OutputPath").asText(), where + ": output must be the run");
                    assertTrue(task.path("Parameters").path("Payload").has("id.$")
                            || task.path("Parameters").path("Payload").has("id"), where + ": payload needs the run id");
                }

                Set<String> retried = new TreeSet<>();
                for (JsonNode retrier : task.path("Retry")) {
                    retrier.path("ErrorEquals").forEach(e -> retried.add(e.asText()));
                    assertEquals("FULL", retrier.path("JitterStrategy").asText(), where + ": retries need full jitter");
                    assertTrue(retrier.path("BackoffRate").asDouble(1) > 1, where + ": retries need backoff");
                    assertTrue(retrier.path("MaxAttempts").asInt(0) >= 1, where + ": retries need MaxAttempts");
                    assertTrue(retrier.path("MaxDelaySeconds").asInt(0) > 0, where + ": retries need a delay cap");
                }
                assertTrue(retried.containsAll(RETRY), where + " must retry " + RETRY + ", retries " + retried);
                assertTrue(retried.containsAll(LAMBDA_SERVICE_ERRORS_TO_RETRY),
                        where + " must retry " + LAMBDA_SERVICE_ERRORS_TO_RETRY + ", retries " + retried);
                Set<String> notRetryable = new TreeSet<>(retried);
                notRetryable.removeIf(e -> RETRY.contains(e) || e.startsWith("Lambda."));
                assertTrue(notRetryable.isEmpty(), where + " retries " + notRetryable
                        + ", which the contract says not to retry (or States.ALL, which includes them)");

                int timeout = task.path("TimeoutSeconds").asInt(0);
                assertTrue(timeout >= lambdaTimeoutSeconds() + LAMBDA_INIT_SECONDS, where + ": TimeoutSeconds " + timeout
                        + " must be at least the functions' Terraform timeout (" + lambdaTimeoutSeconds() + " s) plus "
                        + LAMBDA_INIT_SECONDS + " s of Lambda init, so the function's own error arrives first");
                int unknownAttempts = 0;
                for (JsonNode retrier : task.path("Retry")) {
                    for (JsonNode error : retrier.path("ErrorEquals")) {
                        if (error.asText().equals("Lambda.Unknown")) {
                            unknownAttempts = retrier.path("MaxAttempts").asInt(3);
                        }
                    }
                }
                assertTrue(unknownAttempts >= 1 && unknownAttempts <= 2, where + " must retry Lambda.Unknown (a"
                        + " function killed by its timeout or memory) once or twice, retries it " + unknownAttempts);

                List<String> caught = new ArrayList<>();
                task.path("Catch").forEach(c -> c.path("ErrorEquals").forEach(e -> caught.add(e.asText())));
                if (batch) {
                    // the batch function reports one run's RunNotFound/RunNotCancellable in its answer, never throws them
                    assertTrue(caught.stream().noneMatch(CATCH::contains), where + " catches " + caught
                            + ", which the batch function never throws");
                    continue;
                }
                assertTrue(caught.containsAll(CATCH), where + " must catch " + CATCH + ", catches " + caught);
                int catchAll = caught.indexOf("States.ALL");
                for (String error : CATCH) {
                    assertTrue(catchAll < 0 || caught.indexOf(error) < catchAll,
                            where + ": " + error + " must be caught before States.ALL, or it never is");
                }
            }
        }
        assertTrue(tasks > 0, "No state machine in " + ROOT.relativize(STATE_MACHINES) + " invokes a function");
    }

    // ---------------------------------------------------------------- handler

    @Test
    void theJvmHandlerIsTheCodesAndExists() throws Exception {
        JsonNode jvm = JSON.readTree(OPERATIONS_JSON.toFile()).path("flavours").path("jvm");
        assertEquals(JVM_HANDLER, jvm.path("handler").asText(),
                "The module's jvm handler (operations.json flavours.jvm.handler) must be the code's JVM handler");
        assertEquals("java21", jvm.path("runtime").asText());

        String[] parts = JVM_HANDLER.split("::");
        Class<?> handler = Class.forName(parts[0]);
        Method method = handler.getMethod(parts[1], InputStream.class, OutputStream.class, Context.class);
        assertTrue(Modifier.isPublic(method.getModifiers()), JVM_HANDLER + " must be public");

        assertEquals("provided.al2023", JSON.readTree(OPERATIONS_JSON.toFile()).path("flavours").path("native")
                .path("runtime").asText());
    }

    @Test
    void theReadmeNamesTheSameHandler() throws IOException {
        Path readme = ROOT.resolve("README.md");
        assertTrue(Files.exists(readme), "README.md is missing at " + ROOT);
        assertTrue(read(readme).contains(JVM_HANDLER), "README.md must name the JVM handler " + JVM_HANDLER);
    }

    // ---------------------------------------------------------------- reading the code

    static Set<String> funqFunctions() {
        Set<String> names = new TreeSet<>();
        for (Class<?> functions : FUNCTION_CLASSES) {
            for (Method method : functions.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Funq.class) && Modifier.isPublic(method.getModifiers())) {
                    assertTrue(names.add(method.getName()), "Two @Funq methods are named " + method.getName());
                }
            }
        }
        assertTrue(names.contains(BATCH_FUNCTION), "BatchFunctions has no " + BATCH_FUNCTION);
        assertTrue(names.contains(SELECTOR_FUNCTION), "SelectorFunctions has no " + SELECTOR_FUNCTION);
        assertTrue(names.size() > 1, "CancelFunctions has no @Funq method");
        return names;
    }

    /** The functions without an HTTP route: in operations.json with route_key null and a trigger. */
    static Set<String> eventFunctions() throws IOException {
        Set<String> names = new TreeSet<>();
        operations().forEach((function, op) -> {
            if (op.path("route_key").isNull()) {
                names.add(function);
            }
        });
        return names;
    }

    /** The default of the root module's {@code timeout} variable: every function's Lambda timeout but the cleanup's. */
    static int lambdaTimeoutSeconds() throws IOException {
        Matcher timeout = TIMEOUT_DEFAULT.matcher(read(ROOT.resolve("terraform/variables.tf")));
        assertTrue(timeout.find(), "terraform/variables.tf has no default for variable \"timeout\"");
        return Integer.parseInt(timeout.group(1));
    }

    static Map<String, RunKind> runKindsByFunction() throws Exception {
        CancelInvocation invocation = Mockito.mock(CancelInvocation.class);
        Constructor<CancelFunctions> constructor = CancelFunctions.class.getDeclaredConstructor(CancelInvocation.class);
        constructor.setAccessible(true);
        CancelFunctions functions = constructor.newInstance(invocation);

        Map<String, RunKind> kinds = new TreeMap<>();
        for (Method method : CancelFunctions.class.getDeclaredMethods()) {
            if (!method.isAnnotationPresent(Funq.class)) {
                continue;
            }
            Mockito.clearInvocations(invocation);
            method.invoke(functions, new Object[method.getParameterCount()]);
            ArgumentCaptor<RunKind> kind = ArgumentCaptor.forClass(RunKind.class);
            Mockito.verify(invocation).handle(Mockito.any(), kind.capture(), Mockito.any(), Mockito.any());
            kinds.put(method.getName(), kind.getValue());
        }
        return kinds;
    }

    // ---------------------------------------------------------------- reading the infrastructure

    static Map<String, JsonNode> operations() throws IOException {
        JsonNode operations = JSON.readTree(OPERATIONS_JSON.toFile()).path("operations");
        assertTrue(operations.isObject() && !operations.isEmpty(), "No operations in " + OPERATIONS_JSON);
        Map<String, JsonNode> map = new TreeMap<>();
        operations.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    static List<Path> stateMachines() throws IOException {
        try (Stream<Path> files = Files.list(STATE_MACHINES)) {
            List<Path> list = files.filter(p -> p.getFileName().toString().endsWith(".asl.json")).sorted().toList();
            assertFalse(list.isEmpty(), "No state machine definition in " + STATE_MACHINES);
            return list;
        }
    }

    /** Every ErrorEquals value, in every Retry and Catch, nested Parallel branches and Map processors included. */
    static void collectErrorNames(JsonNode node, List<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("ErrorEquals")) {
                    field.getValue().forEach(e -> names.add(e.asText()));
                } else {
                    collectErrorNames(field.getValue(), names);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectErrorNames(child, names));
        }
    }

    /** Task states, at any depth, whose FunctionName is a function placeholder; each gets its name as __name. */
    static List<JsonNode> functionTasks(JsonNode node) {
        List<JsonNode> tasks = new ArrayList<>();
        if (node.isObject()) {
            JsonNode states = node.path("States");
            if (states.isObject()) {
                states.fields().forEachRemaining(state -> {
                    JsonNode body = state.getValue();
                    String functionName = body.path("Parameters").path("FunctionName").asText(
                            body.path("Arguments").path("FunctionName").asText(""));
                    if ("Task".equals(body.path("Type").asText()) && FUNCTION_PLACEHOLDER.matcher(functionName).find()) {
                        tasks.add(((com.fasterxml.jackson.databind.node.ObjectNode) body.deepCopy()).put("__name",
                                state.getKey()));
                    }
                });
            }
            node.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("States")) {
                    tasks.addAll(functionTasks(field.getValue()));
                } else {
                    field.getValue().forEach(state -> tasks.addAll(functionTasks(state)));
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> tasks.addAll(functionTasks(child)));
        }
        return tasks;
    }

    /**
     * "METHOD /path" to operationId for every operation of the OpenAPI file. The file is plain block YAML written by
     * hand, so its paths (two spaces in), methods (four) and operationIds (six) are read by indentation.
     */
    static Map<String, String> openApiOperations() throws IOException {
        Map<String, String> operations = new LinkedHashMap<>();
        boolean inPaths = false;
        String path = null;
        String method = null;
        for (String line : read(OPENAPI).split("\n")) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inPaths = line.startsWith("paths:");
                continue;
            }
            if (!inPaths) {
                continue;
            }
            Matcher pathLine = Pattern.compile("^  (/\\S*):\\s*$").matcher(line);
            Matcher methodLine = Pattern.compile("^    (get|put|post|delete|patch|head|options|trace):\\s*$")
                    .matcher(line);
            Matcher idLine = Pattern.compile("^      operationId:\\s*(\\S+)\\s*$").matcher(line);
            if (pathLine.matches()) {
                path = pathLine.group(1);
                method = null;
            } else if (methodLine.matches() && path != null) {
                method = methodLine.group(1).toUpperCase(Locale.ROOT);
                operations.put(method + " " + path, null);
            } else if (idLine.matches() && method != null) {
                operations.put(method + " " + path, idLine.group(1));
            }
        }
        operations.forEach((route, id) -> assertNotNull(id, route + " has no operationId in " + OPENAPI));
        return operations;
    }

    /** route_keys where the map gives several, else the one route_key. */
    static List<String> routeKeys(JsonNode operation) {
        List<String> keys = new ArrayList<>();
        if (operation.path("route_keys").isArray()) {
            operation.path("route_keys").forEach(key -> keys.add(key.asText()));
        } else if (operation.path("route_key").isTextual()) {
            keys.add(operation.path("route_key").asText());
        }
        return keys;
    }

    static void assertForEachOver(String hcl, String resourceType, String collection) {
        Matcher block = Pattern.compile("resource\\s+\"" + resourceType + "\"\\s+\"\\w+\"\\s*\\{\\s*for_each\\s*=\\s*([^\\n]+)")
                .matcher(hcl);
        if (!block.find()) {
            fail("No " + resourceType + " with for_each in the root module");
        }
        assertTrue(block.group(1).contains(collection), resourceType + " must be created once per element of "
                + collection + ", not from " + block.group(1));
    }

    static void assertForEachOverOperations(String hcl, String resourceType) {
        Matcher block = Pattern.compile("resource\\s+\"" + resourceType + "\"\\s+\"\\w+\"\\s*\\{\\s*for_each\\s*=\\s*([^\\n]+)")
                .matcher(hcl);
        if (!block.find()) {
            fail("No " + resourceType + " with for_each in the root module");
        }
        assertTrue(block.group(1).contains("local.operations") || block.group(1).contains("local.http_operations"),
                resourceType + " must be created once per operation of the map, not from " + block.group(1));
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    static String read(Path file) throws IOException {
        assertTrue(Files.exists(file), file + " is missing");
        return Files.readString(file);
    }
}
