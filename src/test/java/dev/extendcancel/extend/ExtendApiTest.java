package dev.extendcancel.extend;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;

/**
 * ExtendApi, the REST client, on the wire (servers on loopback of the test's own): what it sends, and that it lets go of
 * an answer that drips. A Quarkus test because the Quarkus REST client is built inside a running application.
 */
@QuarkusTest
class ExtendApiTest {

    WireMockServer extend;
    ExtendApi api;

    @BeforeEach
    void start() {
        extend = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        extend.start();
        api = ExtendApi.at(URI.create(extend.baseUrl() + "/"), Duration.ofSeconds(2), null,
                new ExtendHeaders(() -> "sk_api_test", "2026-02-09", "extend-cancel/test"));
    }

    @AfterEach
    void stop() {
        api.close();
        extend.stop();
    }

    @Test
    void aPageTokenArrivesAsExtendGaveIt() {
        extend.stubFor(get(urlPathEqualTo("/workflow_runs")).willReturn(aResponse().withStatus(200)
                .withHeader(ExtendHeaders.REQUEST_ID, "req_1").withBody("{\"data\":[],\"nextPageToken\":null}")));

        // base64 page tokens hold '+', '/' and '='; each must reach Extend as itself, not as a space or a separator
        ExtendAnswer answer = ExtendAnswer.read(api.listWorkflowRuns(null, "bpr_1", "PROCESSING", 1000, "ab+cd/ef==&x=y", "ws_1")
                .await().atMost(Duration.ofSeconds(5)));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.requestId()).isEqualTo("req_1");
        extend.verify(1, getRequestedFor(urlPathEqualTo("/workflow_runs"))
                .withQueryParam("batchId", equalTo("bpr_1"))
                .withQueryParam("status", equalTo("PROCESSING"))
                .withQueryParam("maxPageSize", equalTo("1000"))
                .withQueryParam("nextPageToken", equalTo("ab+cd/ef==&x=y"))
                .withQueryParam("x", absent())
                .withHeader(ExtendHeaders.WORKSPACE, equalTo("ws_1"))
                .withHeader("Authorization", equalTo("Bearer sk_api_test")));
    }

    @Test
    void aFirstPageSendsNoTokenAndNoWorkspace() {
        extend.stubFor(get(urlPathEqualTo("/workflow_runs")).willReturn(aResponse().withStatus(200).withBody("{}")));

        api.listWorkflowRuns("workflow_2", null, "PENDING", 10, null, null).await().atMost(Duration.ofSeconds(5));

        extend.verify(1, getRequestedFor(urlPathEqualTo("/workflow_runs"))
                .withQueryParam("workflowId", equalTo("workflow_2"))
                .withQueryParam("batchId", absent())
                .withQueryParam("nextPageToken", absent())
                .withHeader(ExtendHeaders.WORKSPACE, absent()));
    }

    @Test
    void aDrippingAnswerIsAbandonedAndItsConnectionClosedWhenTheCallerStopsWaiting() throws Exception {
        // a server that sends the headers and one byte of a 1,000-byte body, then nothing: a per-read timeout would
        // wait for each byte; it notes when the client closes the connection
        CountDownLatch closedByClient = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    String request = "";
                    while (!request.endsWith("\r\n\r\n")) {
                        request += (char) in.read();
                    }
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    while (in.read() >= 0) {
                        // the client sends nothing more; read() returns -1 (or fails) once it closes
                    }
                } catch (IOException closed) {
                    // a reset counts as closed too
                }
                closedByClient.countDown();
            });
            try (ExtendApi dripping = ExtendApi.at(URI.create("http://127.0.0.1:" + server.getLocalPort()),
                    Duration.ofSeconds(2), null, new ExtendHeaders(() -> "sk_api_test", "2026-02-09", "extend-cancel/test"))) {
                long begin = System.nanoTime();
                assertThatThrownBy(() -> dripping.getWorkflowRun("wr_drip", null)
                        .ifNoItem().after(Duration.ofMillis(300)).failWith(TimeoutException::new)
                        .await().indefinitely())
                        .hasCauseInstanceOf(TimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
                assertThat(closedByClient.await(3, TimeUnit.SECONDS)).as("the abandoned exchange's connection is closed").isTrue();
            }
        }
    }
}
