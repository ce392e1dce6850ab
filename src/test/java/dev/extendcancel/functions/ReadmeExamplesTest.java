package dev.extendcancel.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.extendcancel.support.ExtendStubs;
import dev.extendcancel.support.ReadmeExamples;
import dev.extendcancel.support.ReadmeExamples.Example;
import io.quarkiverse.wiremock.devservice.ConnectWireMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The README's "Run it locally" works as printed: every {@code curl} of its console blocks, replayed against the
 * function {@code ./mvnw quarkus:dev} serves and the built-in simulator's mappings (the same WireMock Dev Service),
 * answers exactly the line the README shows. The batch examples are replayed by {@link SimulatorBatchTest}, which
 * serves cancelWorkflowBatch.
 */
@QuarkusTest
@ConnectWireMock
class ReadmeExamplesTest {

    /** The exports whose README examples some test replays: this class and SimulatorBatchTest. */
    static final Set<String> REPLAYED_EXPORTS = Set.of(ReadmeExamples.DEV_EXPORT, SimulatorBatchTest.EXPORT);

    WireMock wiremock;

    @BeforeEach
    void resetExtend() {
        ExtendStubs.reset(wiremock);
    }

    @Test
    void everyCurlAgainstTheDevExportAnswersAsPrinted() {
        List<Example> examples = ReadmeExamples.forExport(ReadmeExamples.DEV_EXPORT);
        assertThat(examples).as("README.md shows no curl against ./mvnw quarkus:dev").isNotEmpty();
        SoftAssertions.assertSoftly(softly -> examples.forEach(
                example -> softly.assertThat(example.replay()).as(example.toString()).isEqualTo(example.expected())));
    }

    @Test
    void everyExampleIsReplayedBySomeTest() {
        Set<String> exports = ReadmeExamples.all().stream().map(Example::export).collect(Collectors.toCollection(TreeSet::new));
        assertThat(REPLAYED_EXPORTS).as("README.md shows curl examples against functions no test serves; add a test"
                + " profile that replays them").containsAll(exports);
    }

    @Test
    void everyShippedEventFileIsInAnExample() throws IOException {
        Set<String> used = ReadmeExamples.all().stream().map(Example::bodyFile).filter(f -> f != null)
                .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(ReadmeExamples.ROOT.resolve("events"))) {
            List<String> shipped = files.filter(f -> f.toString().endsWith(".json"))
                    .map(f -> ReadmeExamples.ROOT.relativize(f).toString()).sorted().toList();
            assertThat(shipped).as("events/ ships the README's event files").isNotEmpty();
            assertThat(used).as("every file in events/ is posted by a README curl, so each one is tested")
                    .containsAll(shipped);
        }
    }

    @Test
    void theDevExportIsTheOneQuarkusDevServes() throws IOException {
        assertThat(Files.readAllLines(ReadmeExamples.ROOT.resolve("src/main/resources/application.properties")))
                .contains("%dev,test.quarkus.funqy.export=" + ReadmeExamples.DEV_EXPORT);
    }

    /** A curl to the local server outside a console block would go untested. */
    @Test
    void everyLocalCurlIsInAConsoleBlock() throws IOException {
        boolean console = false;
        List<String> lines = Files.readAllLines(ReadmeExamples.README);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                console = line.equals("```console");
            } else if (!console) {
                assertThat(line.contains("curl") && line.contains("localhost:8080"))
                        .as("README.md:%d shows a curl outside a console block: %s", i + 1, line).isFalse();
            }
        }
    }
}
