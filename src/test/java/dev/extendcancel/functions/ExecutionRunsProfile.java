package dev.extendcancel.functions;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The Lambda under test serves cancelExecutionRuns, as QUARKUS_FUNQY_EXPORT=cancelExecutionRuns makes it in AWS. */
public class ExecutionRunsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "cancelExecutionRuns");
    }
}
