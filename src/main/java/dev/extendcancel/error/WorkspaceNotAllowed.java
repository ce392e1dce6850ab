package dev.extendcancel.error;

/** The request names a workspace outside EXTEND_ALLOWED_WORKSPACE_IDS. Extend is not called. */
public final class WorkspaceNotAllowed extends CancelError {

    public WorkspaceNotAllowed(String message, String runId, ExtendFault fault) {
        super(message, runId, fault);
    }

    @Override
    public int httpStatus() {
        return 403;
    }

    @Override
    public String title() {
        return "Workspace not allowed";
    }
}
