package dev.extendcancel.executions;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * Native image only (GraalVM applies substitutions at build time; the JVM never loads this): the AWS SDK's checksum
 * provider references the optional AWS CRT classes directly, behind a run-time check that they are on the class
 * path. Quarkus links every class at build time, so those references fail the native build although they can never
 * run here (the CRT is not packaged). These are the SDK's own answers without the CRT: CRC32C falls back to the
 * JDK's implementation, the CRT-only algorithms fail as the SDK fails them. (quarkiverse amazon-services does the
 * same; it is not available to this build.)
 */
@TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider")
final class Target_ChecksumProvider {

    private Target_ChecksumProvider() {
    }

    /** The SDK returns null when the CRT is missing; the caller then uses the JDK's CRC32C. */
    @Substitute
    static SdkChecksum createCrtCrc32C() {
        return null;
    }

    @Substitute
    static SdkChecksum crc64NvmeCrtImplementation() {
        throw new RuntimeException(NoCrt.message("software.amazon.awssdk.crt.checksums.CRC64NVME"));
    }

    @Substitute
    static SdkChecksum crtXxHash(ChecksumAlgorithm algorithm) {
        throw new RuntimeException(NoCrt.message("software.amazon.awssdk.crt.checksums.XXHash for "
                + algorithm.algorithmId()));
    }
}

/** A substitution class may declare no members of its own: the message lives here. */
final class NoCrt {

    private NoCrt() {
    }

    static String message(String what) {
        return "Could not load " + what + ": the AWS CRT (software.amazon.awssdk.crt:aws-crt) is not part of this"
                + " native image";
    }
}
