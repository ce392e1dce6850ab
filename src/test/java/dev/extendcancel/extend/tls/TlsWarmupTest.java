package dev.extendcancel.extend.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.X509ExtendedTrustManager;

import org.junit.jupiter.api.Test;

/**
 * The on-demand warm-up hands ExtendTrust the same default-CA trust manager it would make itself. (The whole path, the
 * packaged function started by AWS's runtime interface client and calling Extend over HTTPS, is HttpsExtendIT's.)
 */
class TlsWarmupTest {

    @Test
    void theWarmUpsTrustManagerTrustsExactlyTheJdksDefaultCas() throws Exception {
        TlsWarmup.startUnlessSnapStart("on-demand");
        X509ExtendedTrustManager warmed = TlsWarmup.defaultTrust();

        assertThat(TlsWarmup.defaultTrust()).as("made once").isSameAs(warmed);
        assertThat(Set.of(warmed.getAcceptedIssuers())).hasSizeGreaterThan(50)
                .isEqualTo(Set.of(ExtendTrust.pkix(null).getAcceptedIssuers()));
        X509Certificate selfSigned = ThrowawayCertificate.forLoopback().certificate();
        assertThatThrownBy(() -> ExtendTrust.of(Optional.empty()).trustManager()
                .checkServerTrusted(new X509Certificate[] { selfSigned }, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }
}
