package dev.extendcancel.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import dev.extendcancel.error.CancelError;

/**
 * The documentation keeps up with what it documents: links resolve, the Terraform module's README names every input
 * and output the .tf files declare (and no other), the README's tables name every function and every contract
 * error, and the release version is the same everywhere. Each list is read from the code or the .tf files, so a new
 * function, error, variable or output fails this test until it is documented.
 */
class DocumentationTest {

    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final Path README = ROOT.resolve("README.md");
    static final Path TERRAFORM = ROOT.resolve("terraform");
    static final Path TERRAFORM_README = TERRAFORM.resolve("README.md");
    static final Path FUNCTIONS_SOURCES = ROOT.resolve("src/main/java/dev/extendcancel/functions");

    static final Pattern INLINE_LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    static final Pattern REFERENCE_LINK = Pattern.compile("^\\s*\\[[^\\]]+]:\\s*(\\S+)", Pattern.MULTILINE);
    static final Pattern HTML_ANCHOR = Pattern.compile("<a name=\"([^\"]+)\"></a>");
    static final Pattern FUNQ = Pattern.compile("@Funq\\s+public\\s+[\\w.<>]+\\s+(\\w+)\\s*\\(");
    static final Pattern TF_BLOCK = Pattern.compile("^(variable|output)\\s+\"(\\w+)\"", Pattern.MULTILINE);
    static final Pattern VERSION_REF = Pattern.compile("ref=v(\\d+\\.\\d+\\.\\d+)");

    // ---------------------------------------------------------------- links

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).contains(README, ROOT.resolve("CHANGELOG.md"), TERRAFORM_README);
        SoftAssertions softly = new SoftAssertions();
        for (Path document : documents) {
            String text = withoutCode(Files.readString(document));
            List<String> targets = new ArrayList<>();
            INLINE_LINK.matcher(text).results().forEach(m -> targets.add(m.group(1)));
            REFERENCE_LINK.matcher(text).results().forEach(m -> targets.add(m.group(1)));
            for (String target : targets) {
                if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                    continue; // https:, mailto: ...
                }
                String where = ROOT.relativize(document) + " links to " + target;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
                softly.assertThat(resolved.startsWith(ROOT)).as(where + ", outside the repository").isTrue();
                softly.assertThat(Files.exists(resolved)).as(where + ", which does not exist").isTrue();
                if (anchor != null && Files.isRegularFile(resolved) && resolved.toString().endsWith(".md")) {
                    softly.assertThat(anchors(Files.readString(resolved))).as(where + ": no such heading or anchor")
                            .contains(anchor);
                }
            }
        }
        softly.assertAll();
    }

    /** README.md, CHANGELOG.md, docs/ (but helpers' notes), terraform/ and events/: what users read. */
    static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(README, ROOT.resolve("CHANGELOG.md")));
        for (String dir : List.of("docs", "terraform", "events")) {
            if (!Files.isDirectory(ROOT.resolve(dir))) {
                continue;
            }
            try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".md"))
                        .filter(f -> !f.toString().contains("/.terraform/")).sorted().forEach(documents::add);
            }
        }
        return documents;
    }

    /** GitHub's heading anchors (lower case, punctuation dropped, spaces to hyphens) and explicit name anchors. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        HTML_ANCHOR.matcher(markdown).results().forEach(m -> anchors.add(m.group(1)));
        Set<String> seen = new TreeSet<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            fenced ^= line.strip().startsWith("```");
            Matcher heading = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$").matcher(line);
            if (!fenced && heading.matches()) {
                // code spans keep their text in the anchor, without the backticks
                String slug = heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                String unique = slug;
                for (int n = 1; !seen.add(unique); n++) {
                    unique = slug + "-" + n;
                }
                anchors.add(unique);
            }
        }
        return anchors;
    }

    /** The text without fenced code blocks and inline code spans, where brackets are not links. */
    static String withoutCode(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                out.append('\n');
                continue;
            }
            out.append(fenced ? "" : line.replaceAll("`[^`]*`", "``")).append('\n');
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- Terraform

    @Test
    void theModuleReadmeDocumentsEveryInputAndOutputAndNoOther() throws IOException {
        Set<String> declared = new TreeSet<>();
        try (Stream<Path> files = Files.list(TERRAFORM)) {
            for (Path tf : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
                TF_BLOCK.matcher(Files.readString(tf)).results()
                        .forEach(m -> declared.add((m.group(1).equals("variable") ? "input_" : "output_") + m.group(2)));
            }
        }
        assertThat(declared).as("terraform/*.tf declares no variable").anyMatch(n -> n.startsWith("input_"));
        assertThat(declared).as("terraform/*.tf declares no output").anyMatch(n -> n.startsWith("output_"));
        Set<String> documented = HTML_ANCHOR.matcher(Files.readString(TERRAFORM_README)).results()
                .map(m -> m.group(1)).filter(a -> a.startsWith("input_") || a.startsWith("output_"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).as("terraform/README.md's Inputs and Outputs rows (<a name=\"input_x\"></a> ...)"
                + " against the variables and outputs of terraform/*.tf").isEqualTo(declared);
    }

    /** Every argument the usage block of terraform/README.md sets, examples/complete sets the same way. */
    @Test
    void theModuleReadmesUsageMatchesTheCompleteExample() throws IOException {
        List<String> usage = fencedBlockAfter(Files.readString(TERRAFORM_README), "## Usage", "hcl");
        String example = Files.readString(TERRAFORM.resolve("examples/complete/main.tf"));
        Set<String> exampleLines = Arrays.stream(example.split("\n")).map(DocumentationTest::normalise)
                .collect(Collectors.toSet());
        List<String> arguments = usage.stream().map(DocumentationTest::normalise)
                .filter(l -> l.contains("=") && !l.startsWith("#") && !l.startsWith("source ="))
                .toList();
        assertThat(arguments).as("the usage block sets no argument").isNotEmpty();
        assertThat(exampleLines).as("terraform/examples/complete/main.tf sets every argument of terraform/README.md's"
                + " usage block, with the same value").containsAll(arguments);
        assertThat(usage.get(0)).startsWith("module \"extend_cancel\"");
        assertThat(example).contains("module \"extend_cancel\" {");
    }

    // ---------------------------------------------------------------- the README's tables

    @Test
    void theReadmesTablesNameEveryFunctionAndEveryContractError() throws IOException {
        Set<String> firstCells = new TreeSet<>();
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("|")) {
                firstCells.add(line.split("\\|")[1].replace("`", "").strip());
            }
        }
        Set<String> functions = funqFunctions();
        assertThat(functions).as("no @Funq method found in " + ROOT.relativize(FUNCTIONS_SOURCES)).isNotEmpty();
        assertThat(firstCells).as("README.md's functions table (one row per @Funq function)").containsAll(functions);

        Set<String> errors = Arrays.stream(CancelError.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(firstCells).as("README.md's errors table (one row per kind of CancelError)").containsAll(errors);
    }

    /** The @Funq methods of every class in functions/, read from the sources so that a new class counts too. */
    static Set<String> funqFunctions() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(FUNCTIONS_SOURCES)) {
            for (Path source : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                FUNQ.matcher(Files.readString(source)).results().forEach(m -> names.add(m.group(1)));
            }
        }
        return names;
    }

    @Test
    void theReadmeIsAtMost250Lines() throws IOException {
        assertThat(Files.readAllLines(README)).as("README.md is the user's path; depth goes to docs/").hasSizeLessThanOrEqualTo(250);
    }

    // ---------------------------------------------------------------- versions

    /** pom.xml, the Terraform module, the OpenAPI description, the changelog's latest release and every ?ref=v... agree. */
    @Test
    void oneReleaseVersionEverywhere() throws IOException {
        Matcher pom = Pattern.compile("<artifactId>extend-cancel</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(pom.find()).as("pom.xml's version").isTrue();
        String version = pom.group(1);

        Matcher module = Pattern.compile("release\\s*=\\s*\"([^\"]+)\"").matcher(Files.readString(TERRAFORM.resolve("versions.tf")));
        assertThat(module.find()).as("terraform/versions.tf's local.release").isTrue();
        assertThat(module.group(1)).as("the module's release (terraform/versions.tf) and pom.xml's version").isEqualTo(version);

        String changelog = Files.readString(ROOT.resolve("CHANGELOG.md"));
        assertThat(changelog).as("CHANGELOG.md keeps an Unreleased section").contains("## [Unreleased]");
        Matcher latest = Pattern.compile("^## \\[(\\d+\\.\\d+\\.\\d+)] - \\d{4}-\\d{2}-\\d{2}$", Pattern.MULTILINE).matcher(changelog);
        assertThat(latest.find()).as("CHANGELOG.md has a dated release").isTrue();
        assertThat(latest.group(1)).as("CHANGELOG.md's latest release and pom.xml's version").isEqualTo(version);

        Matcher openapi = Pattern.compile("(?m)^  version:\\s*(\\S+)$").matcher(Files.readString(ROOT.resolve("infra/openapi.yaml")));
        assertThat(openapi.find()).as("infra/openapi.yaml's info.version").isTrue();
        assertThat(openapi.group(1)).as("infra/openapi.yaml's info.version and pom.xml's version").isEqualTo(version);

        Set<String> refs = new LinkedHashSet<>();
        for (Path document : documents()) {
            VERSION_REF.matcher(Files.readString(document)).results().forEach(m -> refs.add(m.group(1)));
        }
        assertThat(refs).as("the ?ref=v<version> of module sources in the docs").containsOnly(version);
    }

    // ---------------------------------------------------------------- reading

    /** The lines of the first fenced block of the given language after a heading. */
    static List<String> fencedBlockAfter(String markdown, String heading, String language) {
        List<String> lines = Arrays.asList(markdown.split("\n"));
        int at = lines.indexOf(heading);
        assertThat(at).as("no " + heading).isNotNegative();
        List<String> block = new ArrayList<>();
        boolean in = false;
        for (String line : lines.subList(at + 1, lines.size())) {
            if (!in && line.strip().equals("```" + language)) {
                in = true;
            } else if (in && line.strip().equals("```")) {
                return block;
            } else if (in) {
                block.add(line);
            }
        }
        throw new AssertionError("no ```" + language + " block after " + heading);
    }

    /** One line of HCL with its comment dropped and its spaces collapsed. */
    static String normalise(String line) {
        String code = line.contains(" #") ? line.substring(0, line.indexOf(" #")) : line;
        return code.strip().replaceAll("\\s+", " ");
    }
}
