package dev.extendcancel.extend.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import io.quarkus.tls.BaseTlsConfiguration;
import io.quarkus.tls.TlsConfiguration;
import io.vertx.core.net.TrustOptions;

/**
 * The certificates Extend's HTTPS answers are checked against: the JDK's default CAs (the ones every Java Lambda
 * trusts; a native executable carries those of the JDK it was built with), plus those of {@code EXTEND_EXTRA_CA_CERTS}
 * when set, the way Node's NODE_EXTRA_CA_CERTS adds to Node's. Nothing is ever trusted without a valid chain and a
 * matching host name: each set is checked by the JDK's own PKIX trust manager, and the REST client (ExtendApi)
 * verifies the host.
 *
 * <p>
 * The trust manager is made once, at start-up, and held: the JDK keeps its parsed default CAs only weakly, so holding
 * them here keeps them parsed in a SnapStart snapshot (public certificates, nothing secret) instead of parsing them
 * again on the first call after a restore.
 */
public final class ExtendTrust {

    private final X509ExtendedTrustManager trustManager;

    private ExtendTrust(X509ExtendedTrustManager trustManager) {
        this.trustManager = trustManager;
    }

    /** The JDK's default CAs, plus the certificates of the PEM file {@code extraCaCerts} names, if any. */
    public static ExtendTrust of(Optional<Path> extraCaCerts) {
        X509ExtendedTrustManager defaults = TlsWarmup.defaultTrust();
        if (extraCaCerts.isEmpty()) {
            return new ExtendTrust(defaults);
        }
        // the extra CAs first: a few anchors refuse a chain they did not issue at once, whereas a refusal by the
        // ~150 default CAs costs a full path search; whoever sets EXTEND_EXTRA_CA_CERTS (a proxy, a test server)
        // mostly talks to a server those CAs issued
        return new ExtendTrust(new EitherTrusted(pkix(keyStoreOf(extraCaCerts.get())), defaults));
    }

    /** Trusts this one certificate and nothing else: ExtendPriming's client, for its own in-process server. */
    public static ExtendTrust only(X509Certificate certificate) {
        return new ExtendTrust(pkix(anchors(List.of(certificate), "a certificate")));
    }

    /** The trust manager for Extend's certificate chains. */
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /**
     * This trust as the REST client takes it ({@code QuarkusRestClientBuilder.tlsConfiguration}): Vert.x's TLS over
     * the JDK's SSLEngine with this trust manager; host names stay verified (the client's default).
     */
    public TlsConfiguration tlsConfiguration() {
        TrustOptions trust = TrustOptions.wrap(trustManager);
        return new BaseTlsConfiguration() {
            @Override
            public TrustOptions getTrustStoreOptions() {
                return trust;
            }

            @Override
            public String getName() {
                return "extend";
            }
        };
    }

    /** A JDK TLS context checking servers with {@code trustManager} (TlsWarmup's ClientHello). */
    static SSLContext sslContext(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { trustManager }, null);
            return context;
        } catch (GeneralSecurityException failed) {
            throw new IllegalStateException("Cannot set up TLS for Extend: " + failed.getMessage(), failed);
        }
    }

    /** The JDK's PKIX trust manager over {@code anchors}, or over its default CAs when null. */
    static X509ExtendedTrustManager pkix(KeyStore anchors) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("The JDK's " + factory.getAlgorithm() + " trust manager factory gave no X.509 trust manager");
        } catch (GeneralSecurityException failed) {
            throw new IllegalStateException("Cannot set up TLS trust for Extend: " + failed.getMessage(), failed);
        }
    }

    private static KeyStore keyStoreOf(Path pem) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException unreadable) {
            // the reason goes into the message, not as a cause: the JVM handler reports a failed start by its root cause
            throw new IllegalStateException("EXTEND_EXTRA_CA_CERTS=" + pem + " cannot be read as PEM certificates ("
                    + unreadable.getClass().getSimpleName() + ": " + unreadable.getMessage() + ")");
        }
        if (certificates.isEmpty()) {
            throw new IllegalStateException("EXTEND_EXTRA_CA_CERTS=" + pem + " holds no certificate");
        }
        return anchors(certificates, "the certificates of EXTEND_EXTRA_CA_CERTS");
    }

    /** A key store holding {@code certificates} as trust anchors; {@code what} names them in a failure. */
    private static KeyStore anchors(Collection<? extends Certificate> certificates, String what) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("anchor-" + n++, certificate);
            }
            return store;
        } catch (IOException | GeneralSecurityException failed) {
            throw new IllegalStateException("Cannot hold " + what + ": " + failed.getMessage(), failed);
        }
    }

    /**
     * Trusts a chain when either PKIX trust manager does (the extra CAs first), each with its own complete checks
     * (path, validity, usage, host name); when both refuse, both reasons are reported.
     */
    private static final class EitherTrusted extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager extra;
        private final X509ExtendedTrustManager defaults;

        /** {@code extra}: EXTEND_EXTRA_CA_CERTS, asked first; {@code defaults}: the JDK's default CAs. */
        EitherTrusted(X509ExtendedTrustManager extra, X509ExtendedTrustManager defaults) {
            this.extra = extra;
            this.defaults = defaults;
        }

        @FunctionalInterface
        private interface Check {
            void on(X509ExtendedTrustManager manager) throws CertificateException;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.on(extra);
            } catch (CertificateException refused) {
                try {
                    check.on(defaults);
                } catch (CertificateException alsoRefused) {
                    // both reasons, in the one message an ExtendUnavailable reports
                    CertificateException neither = new CertificateException("not trusted by the JDK's default CAs ("
                            + alsoRefused.getMessage() + ") nor by EXTEND_EXTRA_CA_CERTS (" + refused.getMessage() + ")");
                    neither.addSuppressed(refused);
                    neither.addSuppressed(alsoRefused);
                    throw neither;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType));
        }

        // a client is never asked about clients; delegated the same way all the same
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(m -> m.checkClientTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(m -> m.checkClientTrusted(chain, authType, socket));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkClientTrusted(chain, authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> issuers = new ArrayList<>(List.of(extra.getAcceptedIssuers()));
            issuers.addAll(List.of(defaults.getAcceptedIssuers()));
            return issuers.toArray(X509Certificate[]::new);
        }
    }
}
