package dev.extendcancel.events;

/**
 * A validated cancelRuns request: the selector, the workspace (as a {@link CancelRequest} whose id is the
 * selector's, so that WorkspacePolicy applies its rules unchanged) and whether only to look.
 */
public record SelectorRequest(RunSelector selector, CancelRequest target, boolean dryRun) {
}
