package dev.extendcancel.functions;

import java.util.Map;

/** cancelExecutionRuns in strict mode, as EXTEND_CLEANUP_OWNED_ONLY=true sets it. */
public class ExecutionRunsOwnedOnlyProfile extends ExecutionRunsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "cancelExecutionRuns", "extend.cleanup-owned-only", "true");
    }
}
