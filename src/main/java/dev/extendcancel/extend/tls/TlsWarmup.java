package dev.extendcancel.extend.tls;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * On-demand init of the JVM function: the JDK's TLS set-up, done on a thread of its own while Quarkus boots on the main
 * one. The first call to Extend needs the JDK's default CAs parsed (~150 certificates), JSSE loaded and one ClientHello
 * made, whose two key shares (X25519 and P-256) set up the JDK's elliptic-curve tables; none of it depends on Quarkus.
 * Started before Quarkus, it runs beside Quarkus's own start-up instead of in the first invocation (measured on two
 * CPUs: 225 ms to 150 ms; README, Performance); with one CPU it is the same work at another time.
 *
 * <p>
 * Nothing leaves the process and nothing secret is made: the ClientHello goes into a buffer that is dropped (its key
 * pairs with it), for a host that does not exist ({@code .invalid}); the key is never read. What it hands on is the
 * trust manager over the default CAs, which {@link ExtendTrust} would otherwise make itself, on the main thread.
 *
 * <p>
 * Not for SnapStart init (ExtendPriming does a whole handshake there, and no thread of ours should be running when the
 * snapshot is taken) nor for native executables, whose TLS classes are set up at build time (only JvmHandler starts it).
 */
public final class TlsWarmup {

    /** The default-CA trust manager being made, or null when no warm-up was started (tests, native, SnapStart). */
    private static volatile CompletableFuture<X509ExtendedTrustManager> defaultTrust;

    private TlsWarmup() {
    }

    /** Starts the warm-up unless Lambda is initialising for a SnapStart snapshot. At most once. */
    public static synchronized void startUnlessSnapStart(String initializationType) {
        if (defaultTrust != null || "snap-start".equals(initializationType)) {
            return;
        }
        CompletableFuture<X509ExtendedTrustManager> made = new CompletableFuture<>();
        try {
            Thread.ofPlatform().daemon().name("extend-tls-warmup").start(() -> warmUp(made));
        } catch (RuntimeException | OutOfMemoryError noThread) {
            return; // no warm-up: ExtendTrust makes its trust manager itself, as without one
        }
        defaultTrust = made;
    }

    /**
     * The JDK's PKIX trust manager over its default CAs: the warm-up's, waiting for it if need be, or one made here when
     * none was started. A failure is the one making it here would have given.
     */
    static X509ExtendedTrustManager defaultTrust() {
        CompletableFuture<X509ExtendedTrustManager> started = defaultTrust;
        if (started == null) {
            return ExtendTrust.pkix(null);
        }
        try {
            return started.join();
        } catch (CompletionException failed) {
            switch (failed.getCause()) {
                case RuntimeException cause -> throw cause;
                case Error cause -> throw cause;
                case null, default -> throw failed;
            }
        }
    }

    private static void warmUp(CompletableFuture<X509ExtendedTrustManager> made) {
        X509ExtendedTrustManager trust;
        try {
            trust = ExtendTrust.pkix(null);
        } catch (Throwable failed) {
            // whatever it is, the main thread gets it rather than waiting for ever
            made.completeExceptionally(failed);
            return;
        }
        made.complete(trust);
        makeClientHello(trust);
    }

    /** One ClientHello into a buffer: JSSE's client handshake code loaded, both key shares made once. */
    private static void makeClientHello(X509ExtendedTrustManager trust) {
        try {
            SSLEngine engine = ExtendTrust.sslContext(trust).createSSLEngine("warmup.invalid", 443);
            engine.setUseClientMode(true);
            ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), hello);
            engine.closeOutbound();
        } catch (SSLException | RuntimeException | LinkageError ignored) {
            // a warm-up only saves time; the real handshake reports its own failures
        }
    }
}
