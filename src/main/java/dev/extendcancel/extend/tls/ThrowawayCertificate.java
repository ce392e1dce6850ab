package dev.extendcancel.extend.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A key pair made on the spot and a self-signed certificate for 127.0.0.1, for ExtendPriming's in-process server and
 * nothing else: never written anywhere, never trusted by the client that calls Extend. The JDK can make and sign
 * keys but has no public API that builds a certificate, so the few DER structures of one are written here.
 */
public record ThrowawayCertificate(KeyPair keys, X509Certificate certificate) {

    private static final byte[] ECDSA_WITH_SHA256 = oid(1, 2, 840, 10045, 4, 3, 2);
    private static final byte[] COMMON_NAME = oid(2, 5, 4, 3);
    private static final byte[] SUBJECT_ALT_NAME = oid(2, 5, 29, 17);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    public static ThrowawayCertificate forLoopback() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();

        byte[] algorithm = der(0x30, ECDSA_WITH_SHA256);
        byte[] name = der(0x30, der(0x31, der(0x30, COMMON_NAME, der(0x0c, "extend-cancel priming".getBytes(StandardCharsets.UTF_8)))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = der(0x30, utcTime(now.minusMinutes(5)), utcTime(now.plusHours(1)));
        // subjectAltName iPAddress 127.0.0.1, so that the priming client verifies the host name as the real one does
        byte[] altNames = der(0x30, der(0x87, new byte[] { 127, 0, 0, 1 }));
        byte[] extensions = der(0xa3, der(0x30, der(0x30, SUBJECT_ALT_NAME, der(0x04, altNames))));
        byte[] tbs = der(0x30, der(0xa0, der(0x02, new byte[] { 2 })), der(0x02, new byte[] { 1 }), algorithm, name,
                validity, name, keys.getPublic().getEncoded(), extensions);

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1]; // a BIT STRING starts with its count of unused bits: 0
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] certificate = der(0x30, tbs, algorithm, der(0x03, bits));
        return new ThrowawayCertificate(keys, (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate)));
    }

    private static byte[] utcTime(ZonedDateTime time) {
        return der(0x17, UTC_TIME.format(time).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int shift = 28;
            while (shift > 0 && (arc >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((arc >>> shift) & 0x7f));
            }
            out.write(arc & 0x7f);
        }
        return der(0x06, out.toByteArray());
    }

    /** One DER element: tag, definite length, then the contents. */
    private static byte[] der(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : contents) {
            body.writeBytes(part);
        }
        int length = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >>> 8);
            out.write(length & 0xff);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
