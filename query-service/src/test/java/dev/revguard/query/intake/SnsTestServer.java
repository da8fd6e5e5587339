package dev.revguard.query.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Plays Amazon SNS for the SES intake's tests: an RSA key and a self-signed certificate of its own
 * (made by the JDK's keytool), the certificate served over local HTTP at {@code /cert.pem}, a
 * {@code /confirm} URL that records the subscription confirmations it receives, and messages signed
 * with SignatureVersion 1 or 2.
 */
final class SnsTestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PrivateKey key;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    SnsTestServer() throws Exception {
        Path dir = Files.createTempDirectory("sns-test");
        Path store = dir.resolve("sns.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sns", "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                "-dname", "CN=sns.amazonaws.com", "-startdate", "-400d", "-validity", "2000", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        key = (PrivateKey) ks.getKey("sns", "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) ks.getCertificate("sns");
        byte[] pem = ("-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
        Files.delete(store);
        Files.delete(dir);

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String path = exchange.getRequestURI().getPath();
            byte[] body = path.equals("/cert.pem") ? pem : path.equals("/confirm") ? "<ConfirmSubscriptionResponse/>".getBytes() : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    /** The prefix for {@code SNS_CERT_HOSTS}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    String certUrl() {
        return base() + "cert.pem";
    }

    /** The requests received so far, as {@code GET /path?query}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** {@code message} with SignatureVersion, SigningCertURL and a Signature made with this server's key. */
    ObjectNode sign(ObjectNode message, int version) throws Exception {
        ObjectNode m = message.deepCopy();
        m.put("SignatureVersion", Integer.toString(version));
        m.put("SigningCertURL", certUrl());
        String canonical = SnsVerifier.canonical(m, m.get("Type").asText());
        Signature s = Signature.getInstance(version == 1 ? "SHA1withRSA" : "SHA256withRSA");
        s.initSign(key);
        s.update(canonical.getBytes(StandardCharsets.UTF_8));
        m.put("Signature", Base64.getEncoder().encodeToString(s.sign()));
        return m;
    }

    static byte[] bytes(ObjectNode message) throws Exception {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(message);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
