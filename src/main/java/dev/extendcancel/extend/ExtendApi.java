package dev.extendcancel.extend;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import dev.extendcancel.extend.tls.ExtendTrust;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * Extend's API as this project calls it: a MicroProfile REST client interface served by the Quarkus REST client.
 * Each method is one Extend endpoint, as Extend's official SDKs call it: the cancels are {@code POST} with no body,
 * the id one percent-encoded path segment; the workspace header is left out when null, and so are null query
 * parameters. Another endpoint is one more annotated method (and, for a run kind, one more {@link RunKind}).
 *
 * <p>
 * Answers come back whole and raw ({@link Response}, read into {@link ExtendAnswer}), whatever their
 * status: the default exception mapper is off, because Extend's error bodies vary and are read leniently
 * (ExtendErrorBody), and a refused cancel is an answer to act on, not an exception. Asynchronous ({@link Uni}), so
 * that ExtendClient can bound each attempt by the Lambda deadline; when it stops waiting, the exchange is reset and
 * its connection closed, so a server that drips its answer cannot hold the function.
 *
 * <p>
 * Built with {@link QuarkusRestClientBuilder} ({@link #at}) rather than registered with {@code @RegisterRestClient}:
 * its base URL, timeouts and trust come from EXTEND_* settings (ExtendConfig) and the trust is made at run time
 * (the JDK's default CAs plus EXTEND_EXTRA_CA_CERTS), and SnapStart priming builds a second instance of the same
 * interface against a loopback server with a trust of its own. A CDI-registered client would take its settings from
 * {@code quarkus.rest-client.*} keys instead, and be one instance.
 */
public interface ExtendApi extends AutoCloseable {

    @POST
    @Path("/processor_runs/{id}/cancel")
    Uni<Response> cancelProcessorRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @POST
    @Path("/workflow_runs/{id}/cancel")
    Uni<Response> cancelWorkflowRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @POST
    @Path("/extract_runs/{id}/cancel")
    Uni<Response> cancelExtractRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @POST
    @Path("/classify_runs/{id}/cancel")
    Uni<Response> cancelClassifyRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @POST
    @Path("/split_runs/{id}/cancel")
    Uni<Response> cancelSplitRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @POST
    @Path("/parse_runs/{id}/cancel")
    Uni<Response> cancelParseRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @GET
    @Path("/processor_runs/{id}")
    Uni<Response> getProcessorRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @GET
    @Path("/workflow_runs/{id}")
    Uni<Response> getWorkflowRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @GET
    @Path("/extract_runs/{id}")
    Uni<Response> getExtractRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @GET
    @Path("/classify_runs/{id}")
    Uni<Response> getClassifyRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @GET
    @Path("/split_runs/{id}")
    Uni<Response> getSplitRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @GET
    @Path("/parse_runs/{id}")
    Uni<Response> getParseRun(@PathParam("id") String runId, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    // The listings: a page of runs in one status (Extend filters by one status at a time), filtered by what named
    // them; pages are joined by nextPageToken.

    @GET
    @Path("/workflow_runs")
    Uni<Response> listWorkflowRuns(@QueryParam("workflowId") String workflowId, @QueryParam("batchId") String batchId,
            @QueryParam("status") String status, @QueryParam("maxPageSize") Integer maxPageSize,
            @QueryParam("nextPageToken") String nextPageToken, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @GET
    @Path("/extract_runs")
    Uni<Response> listExtractRuns(@QueryParam("extractorId") String extractorId, @QueryParam("status") String status,
            @QueryParam("maxPageSize") Integer maxPageSize, @QueryParam("nextPageToken") String nextPageToken,
            @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @GET
    @Path("/classify_runs")
    Uni<Response> listClassifyRuns(@QueryParam("classifierId") String classifierId, @QueryParam("status") String status,
            @QueryParam("maxPageSize") Integer maxPageSize, @QueryParam("nextPageToken") String nextPageToken,
            @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @GET
    @Path("/split_runs")
    Uni<Response> listSplitRuns(@QueryParam("splitterId") String splitterId, @QueryParam("status") String status,
            @QueryParam("maxPageSize") Integer maxPageSize, @QueryParam("nextPageToken") String nextPageToken,
            @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    /** Closes the client's connections (ExtendPriming's client, before a SnapStart snapshot). */
    @Override
    void close();

    /** Extend's endpoints at {@code baseUrl}, over HTTPS checked against {@code trust} (none for plain HTTP). */
    static ExtendApi at(URI baseUrl, Duration connectTimeout, ExtendTrust trust, ExtendHeaders headers) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(baseUrl)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                // a redirect would carry the key to another host: refuse it, Extend's API does not redirect
                .followRedirects(false)
                // every answer is handed back as it came (see above), none becomes an exception
                .disableDefaultMapper(true)
                .register(headers);
        if (trust != null) {
            // host names stay verified (the REST client's default), whatever the trust
            builder.tlsConfiguration(trust.tlsConfiguration());
        }
        return builder.build(ExtendApi.class);
    }
}
