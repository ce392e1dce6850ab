package dev.extendcancel.extend.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which certificates Extend's HTTPS trusts: the JDK's defaults, plus EXTEND_EXTRA_CA_CERTS, nothing else. */
class ExtendTrustTest {

    @TempDir
    Path dir;

    @Test
    void aThrowawayCertificateIsSelfSignedFor127001() throws Exception {
        ThrowawayCertificate throwaway = ThrowawayCertificate.forLoopback();
        X509Certificate certificate = throwaway.certificate();

        certificate.verify(throwaway.keys().getPublic());
        certificate.checkValidity();
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
        assertThat(certificate.getPublicKey()).isEqualTo(throwaway.keys().getPublic());
    }

    @Test
    void theDefaultsDoNotTrustASelfSignedCertificate() throws Exception {
        X509Certificate certificate = ThrowawayCertificate.forLoopback().certificate();

        assertThatThrownBy(() -> ExtendTrust.of(Optional.empty()).trustManager()
                .checkServerTrusted(new X509Certificate[] { certificate }, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(ExtendTrust.of(Optional.empty()).trustManager().getAcceptedIssuers()).as("the JDK's default CAs").hasSizeGreaterThan(50);
    }

    @Test
    void extraCertificatesAreTrustedBesideTheDefaults() throws Exception {
        X509Certificate extra = ThrowawayCertificate.forLoopback().certificate();
        X509Certificate other = ThrowawayCertificate.forLoopback().certificate();
        ExtendTrust trust = ExtendTrust.of(Optional.of(pem(extra, other)));

        assertThatCode(() -> trust.trustManager().checkServerTrusted(new X509Certificate[] { extra }, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
        assertThatCode(() -> trust.trustManager().checkServerTrusted(new X509Certificate[] { other }, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
        assertThat(trust.trustManager().getAcceptedIssuers()).contains(extra, other)
                .hasSize(ExtendTrust.of(Optional.empty()).trustManager().getAcceptedIssuers().length + 2);
    }

    @Test
    void aCertificateOutsideBothSetsIsRefused() throws Exception {
        ExtendTrust trust = ExtendTrust.of(Optional.of(pem(ThrowawayCertificate.forLoopback().certificate())));
        X509Certificate stranger = ThrowawayCertificate.forLoopback().certificate();

        assertThatThrownBy(() -> trust.trustManager().checkServerTrusted(new X509Certificate[] { stranger }, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("not trusted by the JDK's default CAs").hasMessageContaining("nor by EXTEND_EXTRA_CA_CERTS");
    }

    @Test
    void aFileWithoutCertificatesIsAStartupError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");

        assertThatThrownBy(() -> ExtendTrust.of(Optional.of(empty))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EXTEND_EXTRA_CA_CERTS=" + empty);
        assertThatThrownBy(() -> ExtendTrust.of(Optional.of(dir.resolve("missing.pem"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("EXTEND_EXTRA_CA_CERTS=");
    }

    private Path pem(X509Certificate... certificates) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            text.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return Files.writeString(Files.createTempFile(dir, "extra", ".pem"), text);
    }
}
