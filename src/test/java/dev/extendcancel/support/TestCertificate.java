package dev.extendcancel.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate made for one test run with the JDK's keytool (no key is committed): a PKCS12
 * key store for an HTTPS Extend stub, and the certificate as PEM, which the function is told to trust through
 * EXTEND_EXTRA_CA_CERTS.
 */
public record TestCertificate(Path keyStore, String password, Path pem) {

    /** A certificate whose subjectAltName is {@code san}, e.g. {@code ip:127.0.0.1} or {@code dns:extend.invalid}. */
    public static TestCertificate create(Path dir, String name, String san) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String password = "changeit";
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        Files.deleteIfExists(keyStore);
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + name, "-ext", "san=" + san, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-file", pem.toString());
        return new TestCertificate(keyStore, password, pem);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> command = new ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
