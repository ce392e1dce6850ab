package dev.extendcancel.extend;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * Extend's run endpoints, as its official SDKs call them: {@code POST} with no body, the id as one path segment.
 * Answers come back raw ({@link Response}) because Extend's error bodies vary and must be read leniently, and
 * asynchronously so that each attempt can get its own deadline-bound timeout.
 */
@Path("")
public interface ExtendApi {

    @POST
    @Path("/{collection}/{id}/cancel")
    Uni<Response> cancel(@PathParam("collection") String collection, @PathParam("id") String runId,
            @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    /** A page of runs: Extend filters by one status at a time; null parameters are left out of the query. */
    @GET
    @Path("/{collection}")
    Uni<Response> list(@PathParam("collection") String collection, @QueryParam("batchId") String batchId,
            @QueryParam("status") String status, @QueryParam("maxPageSize") Integer maxPageSize,
            @QueryParam("nextPageToken") String nextPageToken, @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);

    @GET
    @Path("/{collection}/{id}")
    Uni<Response> get(@PathParam("collection") String collection, @PathParam("id") String runId,
            @HeaderParam(ExtendHeaders.WORKSPACE) String workspaceId);
}
