import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.StringJoiner;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The least a native Java executable does to cancel one run over HTTPS: no Quarkus, no Jackson, no Lambda loop, only
 * the JDK's HTTP client as extend-cancel's ExtendApi sets it up (HTTP/1.1, no redirects, the JDK's TLS) and one POST.
 * Its resident memory after that POST is the floor under the function's own figure (bench/https-floor/run.mjs).
 *
 * <p>
 * Arguments: the URL to POST to, a PEM file of one CA certificate to trust. It trusts that CA only: building the JDK's
 * default trust manager as well would only raise the floor, and the floor is what is measured. Prints one JSON line:
 * the HTTP status and /proc/self/status's VmHWM, RssFile and RssAnon in kB.
 */
public final class HttpsFloor {

    public static void main(String[] args) throws Exception {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        try (InputStream pem = new FileInputStream(args[1])) {
            anchors.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).sslContext(tls).build();
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(args[0]))
                .header("Authorization", "Bearer floor").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        StringJoiner line = new StringJoiner(", ", "{", "}");
        line.add("\"status\": " + answer.statusCode());
        for (String status : Files.readAllLines(Path.of("/proc/self/status"))) {
            String[] field = status.split(":\\s+");
            if (field[0].equals("VmHWM") || field[0].equals("RssFile") || field[0].equals("RssAnon")) {
                line.add("\"" + field[0] + "\": " + field[1].replace(" kB", ""));
            }
        }
        System.out.println(line);
    }
}
