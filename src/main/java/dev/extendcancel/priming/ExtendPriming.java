package dev.extendcancel.priming;

import static io.quarkiverse.loggingjson.providers.KeyValueStructuredArgument.kv;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.extendcancel.config.ExtendConfig;
import dev.extendcancel.error.ExtendFault;
import dev.extendcancel.error.RunNotFound;
import dev.extendcancel.events.EventAdapter;
import dev.extendcancel.extend.Deadline;
import dev.extendcancel.extend.ExtendApi;
import dev.extendcancel.extend.ExtendCallTrace;
import dev.extendcancel.extend.ExtendClient;
import dev.extendcancel.extend.ExtendErrorBody;
import dev.extendcancel.extend.ExtendHeaders;
import dev.extendcancel.extend.ExtendResult;
import dev.extendcancel.extend.RunKind;
import dev.extendcancel.extend.tls.ExtendTrust;
import dev.extendcancel.extend.tls.ThrowawayCertificate;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.runtime.StartupEvent;

/**
 * SnapStart priming. Lambda runs a SnapStart function's init once, with {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start},
 * and restores the snapshot on every cold start, so whatever init leaves loaded and compiled the first invocation
 * does not pay for again. Quarkus already starts fully during init (its SnapStart support); this adds the first
 * call to Extend: one cancel and one refused read, over HTTPS, through the same REST client interface (ExtendApi, its
 * Vert.x connection and TLS stack), JSON mapping and error reading as a real call, against a server inside this
 * process on 127.0.0.1.
 *
 * <p>
 * What it keeps out of the snapshot: Extend is never called and the key is never read (the priming client sends
 * {@link #NO_KEY}; nothing here asks for the key); the server's key pair is made for the occasion and dropped; the
 * priming client, its TLS context and session, its connection and the server are closed before init ends. The real
 * client's own TLS context and connection are made on its first call, after the restore. No random generator is kept
 * by this code; the JDK's default SecureRandom (NativePRNG on Linux) mixes fresh kernel randomness into every output.
 *
 * <p>
 * Skipped on on-demand init (it would only add to it: the first invocation follows at once) and left out of native
 * executables (no SnapStart there).
 */
@Singleton
@UnlessBuildProperty(name = "quarkus.native.enabled", stringValue = "true", enableIfMissing = true)
public class ExtendPriming {

    /** What the priming client sends as its key. The real key is never read here. */
    static final String NO_KEY = "priming-no-key";
    static final String RUN_ID = "wr_priming";

    private static final Logger LOG = Logger.getLogger(ExtendPriming.class);

    void onStart(@Observes StartupEvent start, ExtendConfig config, ObjectMapper mapper,
            @ConfigProperty(name = "aws.lambda.initialization-type", defaultValue = "on-demand") String initialization) {
        if (!"snap-start".equals(initialization)) {
            return;
        }
        long begin = System.nanoTime();
        try {
            int served = prime(config, mapper);
            long millis = (System.nanoTime() - begin) / 1_000_000;
            LOG.infov("Primed the first call to Extend for the SnapStart snapshot in {0} ms ({1} loopback requests;"
                    + " nothing sent to Extend)", Long.toString(millis), Integer.toString(served),
                    kv("priming", "done"), kv("loopbackRequests", served));
        } catch (Exception | LinkageError failed) {
            // priming only saves time: a function that could not prime still works
            LOG.warnv("SnapStart priming failed, the first invocation after a restore will be slower: {0}", failed.toString());
        }
    }

    private static int prime(ExtendConfig config, ObjectMapper mapper) throws Exception {
        ThrowawayCertificate throwaway = ThrowawayCertificate.forLoopback();
        AtomicInteger served = new AtomicInteger();
        // the JDK's own HTTPS server (module jdk.httpserver, in every JDK Lambda runs): no server stack of our own
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(throwaway)));
        server.createContext("/", exchange -> answer(exchange, served));
        server.start();
        ExtendApi api = ExtendApi.at(URI.create("https://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(30),
                ExtendTrust.only(throwaway.certificate()), new ExtendHeaders(() -> NO_KEY, config.apiVersion(), "extend-cancel/priming"));
        try {
            // no key source: the real key is never asked for (ExtendClient.keyless)
            ExtendClient client = ExtendClient.keyless(api, Duration.ofSeconds(30));
            Deadline deadline = Deadline.fromRemaining(60_000);
            ExtendCallTrace trace = new ExtendCallTrace();
            JsonNode event = mapper.readTree("{\"id\":\"" + RUN_ID + "\"}");
            EventAdapter adapter = EventAdapter.of(event);
            adapter.read(event);
            if (client.cancel(RunKind.WORKFLOW_RUN, RUN_ID, null, deadline, trace) instanceof ExtendResult.Run run) {
                mapper.writeValueAsBytes(adapter.success(run.run()));
            }
            if (client.get(RunKind.WORKFLOW_RUN, RUN_ID, "ws_priming", deadline, trace) instanceof ExtendResult.Refused refused) {
                // the error a 404 becomes, built as ExtendFaults builds it; ExtendFaults itself is not used, it holds the key
                ExtendErrorBody error = refused.answer().error();
                RunNotFound notFound = new RunNotFound("Run " + RUN_ID + " was not found", RUN_ID,
                        new ExtendFault(refused.status(), error.code(), error.requestId(), error.message(), 1));
                notFound.fault().ifPresent(ExtendFault::describe);
            }
        } finally {
            api.close();
            server.stop(0);
        }
        refusedByExtendTrust(throwaway.certificate(), config);
        return served.get();
    }

    /** Extend's own trust (the JDK's default CAs, plus EXTEND_EXTRA_CA_CERTS) refuses the throw-away certificate. */
    private static void refusedByExtendTrust(X509Certificate certificate, ExtendConfig config) {
        try {
            ExtendTrust.of(config.extraCaCerts()).trustManager().checkServerTrusted(new X509Certificate[] { certificate }, "ECDHE_ECDSA");
            throw new IllegalStateException("a throw-away certificate was trusted for Extend");
        } catch (CertificateException refused) {
            // as it must: the certificate path was built against the real trust anchors, and failed
        }
    }

    private static SSLContext serverContext(ThrowawayCertificate throwaway) throws Exception {
        char[] password = new char[0];
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("priming", throwaway.keys().getPrivate(), password, new Certificate[] { throwaway.certificate() });
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /** Answers as Extend does: a cancelled run for a cancel, a 404 with Extend's error body for a read. */
    private static void answer(HttpExchange exchange, AtomicInteger served) throws IOException {
        served.incrementAndGet();
        boolean cancel = "POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().endsWith("/cancel");
        byte[] body = (cancel
                ? "{\"object\":\"workflow_run\",\"id\":\"" + RUN_ID + "\",\"status\":\"CANCELLED\"}"
                : "{\"code\":\"NOT_FOUND\",\"message\":\"No such run\",\"requestId\":\"req_priming\",\"retryable\":false}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (cancel) {
            exchange.getResponseHeaders().set(ExtendHeaders.REQUEST_ID, "req_priming");
        }
        exchange.sendResponseHeaders(cancel ? 200 : 404, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
