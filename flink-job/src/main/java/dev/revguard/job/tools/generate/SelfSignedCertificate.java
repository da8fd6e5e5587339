package dev.revguard.job.tools.generate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A self-signed X.509 certificate for an RSA key, DER-encoded by hand: the JDK can parse and verify
 * certificates but has no public API to make one, and a few dozen lines spare the tools a
 * BouncyCastle dependency. Enough for the SNS signing certificate the generator serves itself.
 */
final class SelfSignedCertificate {
    private SelfSignedCertificate() {}

    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    static X509Certificate create(KeyPair rsa, String commonName, Instant notBefore, Instant notAfter, BigInteger serial)
            throws GeneralSecurityException {
        byte[] algorithm = sequence(oid(SHA256_WITH_RSA), new byte[] {0x05, 0x00});
        byte[] name = sequence(set(sequence(oid(COMMON_NAME), tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
        byte[] tbs = sequence(
                tlv(0xA0, integer(BigInteger.TWO)),
                integer(serial),
                algorithm,
                name,
                sequence(time(notBefore), time(notAfter)),
                name,
                rsa.getPublic().getEncoded());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(rsa.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] der = sequence(tbs, algorithm, tlv(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] time(Instant t) {
        // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
        boolean utc = ZonedDateTime.ofInstant(t, ZoneOffset.UTC).getYear() < 2050;
        String s = (utc ? UTC_TIME : GENERALIZED_TIME).format(t);
        return tlv(utc ? 0x17 : 0x18, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    private static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long v = Long.parseLong(parts[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                int b = (int) ((v >>> (7 * g)) & 0x7F);
                out.write(g > 0 ? b | 0x80 : b);
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, parts);
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, parts);
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        int n = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((n >>> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
