package dev.extendcancel.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;

import dev.extendcancel.lambda.JvmHandler;

/**
 * The built {@code target/function.zip}, unzipped and started the way AWS Lambda starts it: a native zip's
 * {@code bootstrap} as the provided.al2023 runtime runs it, a JVM zip under AWS's own runtime interface client with
 * the handler the README gives, as the java21 runtime runs it.
 */
public final class PackagedFunction implements AutoCloseable {

    public static final String JVM_HANDLER = JvmHandler.class.getName() + "::handleRequest";

    private static Path task;

    private final Process process;
    private final Path log;

    private PackagedFunction(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the function with the given environment (AWS_LAMBDA_RUNTIME_API and the contract's variables). */
    public static PackagedFunction start(String name, Map<String, String> environment) throws IOException {
        Path dir = task();
        List<String> command = new ArrayList<>();
        if (isNative()) {
            command.add(dir.resolve("bootstrap").toString());
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-XX:+TieredCompilation");
            command.add("-XX:TieredStopAtLevel=1");
            if (Runtime.version().feature() >= 24) {
                // this machine has no JDK 21; on 24+ JBoss Threads needs this (the java21 runtime does not)
                command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
                // and the runtime client's native library would make the JVM print a warning that is not JSON
                command.add("--enable-native-access=ALL-UNNAMED");
            }
            command.add("-cp");
            command.add(dir + File.pathSeparator + dir.resolve("lib") + File.separator + "*" + File.pathSeparator
                    + runtimeInterfaceClient());
            command.add(AWSLambda.class.getName());
            command.add(JVM_HANDLER);
        }
        Path log = Path.of("target", "packaged-logs", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("EXTEND_") || key.startsWith("QUARKUS_")
                || key.startsWith("POWERTOOLS_") || key.startsWith("PARAMETERS_SECRETS_") || key.startsWith("AWS_")
                || key.equals("_X_AMZN_TRACE_ID"));
        builder.environment().putAll(Map.of("AWS_LAMBDA_FUNCTION_NAME", name, "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128", "LAMBDA_TASK_ROOT", dir.toString(), "AWS_REGION", "us-east-1",
                // the JSON log format the Terraform module configures: the java21 runtime client then reports
                // errors as JSON lines too
                "AWS_LAMBDA_LOG_FORMAT", "JSON"));
        builder.environment().putAll(environment);
        return new PackagedFunction(builder.start(), log);
    }

    public static boolean isNative() throws IOException {
        return Files.exists(task().resolve("bootstrap"));
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself, up to {@code seconds}. */
    public boolean exits(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static synchronized Path task() throws IOException {
        if (task == null) {
            Path zip = Path.of(System.getProperty("function.zip", "target/function.zip"));
            Path dir = Files.createTempDirectory("lambda-task");
            try (ZipFile file = new ZipFile(zip.toFile())) {
                for (ZipEntry entry : file.stream().toList()) {
                    Path target = dir.resolve(entry.getName()).normalize();
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path bootstrap = dir.resolve("bootstrap");
            if (Files.exists(bootstrap)) {
                bootstrap.toFile().setExecutable(true);
            }
            task = dir;
        }
        return task;
    }

    /** AWS's runtime interface client and what it needs besides the function's own jars. */
    private static String runtimeInterfaceClient() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("aws-lambda-java-runtime-interface-client") || name.startsWith("aws-lambda-java-serialization")) {
                jars.add(entry);
            }
        }
        return String.join(File.pathSeparator, jars);
    }
}
