package dev.extendcancel.cancel;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.extendcancel.config.ExtendConfig;
import dev.extendcancel.error.WorkspaceNotAllowed;
import dev.extendcancel.events.CancelRequest;

/** Which workspace a request acts in: the one it names, else EXTEND_WORKSPACE_ID; refused when not allowed. */
@ApplicationScoped
public class WorkspacePolicy {

    private final Optional<String> defaultWorkspace;
    private final Optional<Set<String>> allowed;

    WorkspacePolicy(ExtendConfig config) {
        this.defaultWorkspace = config.workspaceId().filter(id -> !id.isBlank());
        // "ws_a, ws_b" is how people write lists: ignore the spaces around the commas
        this.allowed = config.allowedWorkspaceIds()
                .map(ids -> ids.stream().map(String::strip).filter(id -> !id.isEmpty()).collect(Collectors.toSet()));
    }

    /** The workspace to send to Extend, or null for the key's own workspace. */
    public String resolve(CancelRequest request) {
        Optional<String> workspace = request.workspaceId().or(() -> defaultWorkspace);
        if (workspace.isPresent() && allowed.isPresent() && !allowed.get().contains(workspace.get())) {
            throw new WorkspaceNotAllowed("Workspace " + workspace.get() + " is not one of EXTEND_ALLOWED_WORKSPACE_IDS;"
                    + " " + request.runId() + " was not cancelled", request.runId(), null);
        }
        return workspace.orElse(null);
    }
}
