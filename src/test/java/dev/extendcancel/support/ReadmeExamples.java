package dev.extendcancel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.RestAssured;

/**
 * The README's local-run examples, read from its {@code ```console} blocks and replayed against the function under
 * test exactly as {@code curl} sends them to {@code ./mvnw quarkus:dev}'s mock event server: the same body (a
 * {@code -d @file} without its line breaks, as curl sends it), the same content type, and the answer compared with the
 * line the README prints under the command.
 *
 * <p>
 * A block's commands run against {@code cancelWorkflowRun} (the dev export in application.properties) unless the
 * block starts {@code QUARKUS_FUNQY_EXPORT=<function> ./mvnw quarkus:dev}. A console block may hold nothing else: a
 * command this class cannot replay fails the test rather than going untested.
 */
public final class ReadmeExamples {

    public static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    public static final Path README = ROOT.resolve("README.md");
    /** What {@code ./mvnw quarkus:dev} serves when no export is named (%dev.quarkus.funqy.export). */
    public static final String DEV_EXPORT = "cancelWorkflowRun";

    private static final Pattern DEV_SERVER = Pattern.compile("(?:QUARKUS_FUNQY_EXPORT=(\\w+) )?\\./mvnw quarkus:dev");
    private static final Pattern DEV_URL = Pattern.compile("(?:http://)?localhost:8080/?");

    private ReadmeExamples() {
    }

    /** One {@code curl} of the README, with the function it reaches and the answer the README shows for it. */
    public record Example(int line, String export, String command, String contentType, byte[] body, String bodyFile,
            String expected) {

        /**
         * Posts the body as curl does, with the JDK's HTTP client (no client-side form encoding), to the mock event
         * server of the test run (Quarkus points RestAssured at it), and returns the answer as curl prints it.
         */
        public String replay() {
            URI server = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
            HttpRequest request = HttpRequest.newBuilder(server).header("Content-Type", contentType)
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try (HttpClient client = HttpClient.newHttpClient()) {
                return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
            } catch (IOException e) {
                throw new UncheckedIOException(this + " could not be replayed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(this + " was interrupted", e);
            }
        }

        @Override
        public String toString() {
            return "README.md:" + line + " " + command;
        }
    }

    public static List<Example> all() {
        List<Example> examples = new ArrayList<>();
        List<String> lines = readme();
        String export = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (export == null) {
                if (line.strip().equals("```console")) {
                    export = DEV_EXPORT;
                }
                continue;
            }
            if (line.strip().equals("```")) {
                export = null;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (!line.startsWith("$ ")) {
                throw new AssertionError("README.md:" + (i + 1) + ": a console block line that is neither a command"
                        + " (\"$ ...\") nor the answer right under a curl: " + line);
            }
            String command = line.substring(2).strip();
            Matcher server = DEV_SERVER.matcher(command);
            if (server.matches()) {
                export = server.group(1) == null ? DEV_EXPORT : server.group(1);
                continue;
            }
            if (!command.startsWith("curl ")) {
                throw new AssertionError("README.md:" + (i + 1) + ": a console block may show ./mvnw quarkus:dev and"
                        + " curl only, so that every command in it is replayed: " + command);
            }
            if (i + 1 >= lines.size() || lines.get(i + 1).isBlank() || lines.get(i + 1).startsWith("$ ")
                    || lines.get(i + 1).startsWith("```")) {
                throw new AssertionError("README.md:" + (i + 1) + ": a curl without the answer it prints under it");
            }
            examples.add(parseCurl(i + 1, export, command, lines.get(i + 1)));
            i++;
        }
        if (export != null) {
            throw new AssertionError("README.md: a console block is not closed");
        }
        return examples;
    }

    /** The README's curl commands for one function. */
    public static List<Example> forExport(String export) {
        return all().stream().filter(e -> e.export().equals(export)).toList();
    }

    static Example parseCurl(int line, String export, String command, String expected) {
        List<String> words = shellWords(command, line);
        String url = null;
        String contentType = "application/x-www-form-urlencoded"; // what curl -d sends unless told otherwise
        byte[] body = null;
        String bodyFile = null;
        for (int w = 1; w < words.size(); w++) {
            String word = words.get(w);
            switch (word) {
                case "-s", "-sS", "--silent" -> {
                }
                case "-X" -> assertThat(words.get(++w)).as("README.md:%d: the method", line).isEqualTo("POST");
                case "-H" -> {
                    String header = words.get(++w);
                    assertThat(header.toLowerCase()).as("README.md:%d: only a content type header is replayed", line)
                            .startsWith("content-type:");
                    contentType = header.substring(header.indexOf(':') + 1).strip();
                }
                case "-d", "--data" -> {
                    assertThat(body).as("README.md:%d: one -d", line).isNull();
                    String data = words.get(++w);
                    if (data.startsWith("@")) {
                        bodyFile = data.substring(1);
                        body = fileAsCurlSendsIt(ROOT.resolve(bodyFile), line);
                    } else {
                        body = data.getBytes(StandardCharsets.UTF_8);
                    }
                }
                default -> {
                    if (word.startsWith("-")) {
                        throw new AssertionError("README.md:" + line + ": curl option " + word + " is not replayed");
                    }
                    assertThat(url).as("README.md:%d: one URL", line).isNull();
                    url = word;
                }
            }
        }
        if (url == null || !DEV_URL.matcher(url).matches()) {
            throw new AssertionError("README.md:" + line + ": the URL must be quarkus:dev's mock event server,"
                    + " localhost:8080: " + url);
        }
        if (body == null) {
            throw new AssertionError("README.md:" + line + ": a curl without -d sends no event");
        }
        return new Example(line, export, command, contentType, body, bodyFile, expected.strip());
    }

    /** {@code curl -d @file} sends the file without its carriage returns and newlines. */
    static byte[] fileAsCurlSendsIt(Path file, int line) {
        try {
            return Files.readString(file).replace("\r", "").replace("\n", "").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("README.md:" + line + ": " + ROOT.relativize(file) + " cannot be read", e);
        }
    }

    /** The words of a command line as a POSIX shell splits them (single and double quotes, no expansions). */
    static List<String> shellWords(String command, int line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '\\' || c == '$' || c == '`' || c == '|' || c == '>' || c == '<' || c == ';' || c == '&') {
                throw new AssertionError("README.md:" + line + ": shell syntax this test does not replay: " + command);
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new AssertionError("README.md:" + line + ": an unclosed quote: " + command);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    static List<String> readme() {
        try {
            return Files.readAllLines(README);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
