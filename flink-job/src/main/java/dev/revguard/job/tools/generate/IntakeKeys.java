package dev.revguard.job.tools.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets the generator signs with and the intake checks with, kept in one directory: an EC
 * P-256 key pair for SendGrid, a Mailgun webhook signing key, an RSA key and a self-signed
 * certificate for SNS, a PostHog intake token; and {@code intake.env}, the intake's settings for
 * them ({@code env $(cat DIR/intake.env) ...}). Whatever the directory lacks is made.
 */
public record IntakeKeys(KeyPair sendgrid, String mailgunSigningKey, PrivateKey snsKey, X509Certificate snsCertificate,
                         String posthogToken) {

    public static final String SNS_TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:revguard-demo";
    public static final String ENV_FILE = "intake.env";
    static final String SENDGRID_PRIVATE = "sendgrid-private.pem";
    static final String SENDGRID_PUBLIC = "sendgrid-public.pem";
    static final String MAILGUN_KEY = "mailgun-signing-key";
    static final String SNS_PRIVATE = "sns-private.pem";
    static final String SNS_CERTIFICATE = "sns-certificate.pem";
    static final String POSTHOG_TOKEN = "posthog-token";
    private static final Pattern CERT_PORT = Pattern.compile("(?m)^SNS_CERT_HOSTS=http://127\\.0\\.0\\.1:(\\d+)/$");

    public static IntakeKeys loadOrCreate(Path dir, PrintStream out) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        SecureRandom random = new SecureRandom();
        KeyPair sendgrid;
        if (Files.exists(dir.resolve(SENDGRID_PRIVATE)) && Files.exists(dir.resolve(SENDGRID_PUBLIC))) {
            KeyFactory ec = KeyFactory.getInstance("EC");
            sendgrid = new KeyPair(ec.generatePublic(new X509EncodedKeySpec(readPem(dir.resolve(SENDGRID_PUBLIC)))),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(readPem(dir.resolve(SENDGRID_PRIVATE)))));
        } else {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            sendgrid = g.generateKeyPair();
            writePem(dir.resolve(SENDGRID_PRIVATE), "PRIVATE KEY", sendgrid.getPrivate().getEncoded(), true);
            writePem(dir.resolve(SENDGRID_PUBLIC), "PUBLIC KEY", sendgrid.getPublic().getEncoded(), false);
            out.println("generate-events: made a SendGrid EC P-256 key pair in " + dir);
        }
        String mailgun = readOrMake(dir.resolve(MAILGUN_KEY), () -> HexFormat.of().formatHex(bytes(random, 16)), out);
        PrivateKey snsKey;
        X509Certificate cert;
        if (Files.exists(dir.resolve(SNS_PRIVATE)) && Files.exists(dir.resolve(SNS_CERTIFICATE))) {
            snsKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(readPem(dir.resolve(SNS_PRIVATE))));
            try (InputStream in = Files.newInputStream(dir.resolve(SNS_CERTIFICATE))) {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
        } else {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, random);
            KeyPair rsa = g.generateKeyPair();
            Instant now = Instant.now();
            cert = SelfSignedCertificate.create(rsa, "sns.amazonaws.com", now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(3650)), new BigInteger(63, random));
            snsKey = rsa.getPrivate();
            writePem(dir.resolve(SNS_PRIVATE), "PRIVATE KEY", snsKey.getEncoded(), true);
            writePem(dir.resolve(SNS_CERTIFICATE), "CERTIFICATE", cert.getEncoded(), false);
            out.println("generate-events: made an SNS RSA key and self-signed certificate in " + dir);
        }
        String token = readOrMake(dir.resolve(POSTHOG_TOKEN),
                () -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(random, 24)), out);
        return new IntakeKeys(sendgrid, mailgun, snsKey, cert, token);
    }

    /** The value of {@code SENDGRID_WEBHOOK_PUBLIC_KEY}: base64 of the DER SubjectPublicKeyInfo. */
    public String sendgridPublicKey() {
        return Base64.getEncoder().encodeToString(sendgrid.getPublic().getEncoded());
    }

    public PublicKey sendgridVerificationKey() {
        return sendgrid.getPublic();
    }

    /** The certificate as PEM, as SNS serves it at {@code SigningCertURL}. */
    public String snsCertificatePem() {
        try {
            return pem("CERTIFICATE", snsCertificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The intake's settings for these keys, with the certificate served on {@code certPort}. */
    public Map<String, String> intakeEnv(int certPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SENDGRID_WEBHOOK_PUBLIC_KEY", sendgridPublicKey());
        env.put("MAILGUN_WEBHOOK_SIGNING_KEY", mailgunSigningKey);
        env.put("SNS_TOPIC_ARNS", SNS_TOPIC_ARN);
        env.put("SNS_CERT_HOSTS", certHostPrefix(certPort));
        env.put("INGEST_POSTHOG_TOKEN", posthogToken);
        return env;
    }

    public static String certHostPrefix(int certPort) {
        return "http://127.0.0.1:" + certPort + "/";
    }

    /** Writes {@code intake.env}: one {@code NAME=value} a line, no quotes or comments, for {@code env $(cat ...)}. */
    public void writeEnv(Path dir, int certPort) throws IOException {
        StringBuilder s = new StringBuilder();
        intakeEnv(certPort).forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        write(dir.resolve(ENV_FILE), s.toString(), true);
    }

    /** The certificate port an earlier run wrote to {@code intake.env}, or null. */
    public static Integer certPortInEnv(Path dir) throws IOException {
        Path env = dir.resolve(ENV_FILE);
        if (!Files.exists(env)) {
            return null;
        }
        Matcher m = CERT_PORT.matcher(Files.readString(env));
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private interface Maker {
        String make();
    }

    private static String readOrMake(Path file, Maker maker, PrintStream out) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        String v = maker.make();
        write(file, v + "\n", true);
        out.println("generate-events: made " + file);
        return v;
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
        write(file, pem(type, der), secret);
    }

    private static byte[] readPem(Path file) throws IOException {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static void write(Path file, String content, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own permissions have to do
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
