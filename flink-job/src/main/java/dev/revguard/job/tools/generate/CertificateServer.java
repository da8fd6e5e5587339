package dev.revguard.job.tools.generate;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves the SNS signing certificate on 127.0.0.1, as SNS serves its own at {@code SigningCertURL}. */
public final class CertificateServer implements AutoCloseable {
    public static final String PATH = "/SimpleNotificationService-revguard-demo.pem";

    private final HttpServer server;

    /** Starts on {@code port} (0: any free port). */
    public CertificateServer(int port, String pem) throws IOException {
        byte[] body = pem.getBytes(StandardCharsets.US_ASCII);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                boolean found = exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals(PATH);
                if (found) {
                    exchange.getResponseHeaders().set("Content-Type", "application/x-pem-file");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The {@code SigningCertURL} of every envelope. */
    public String certificateUrl() {
        return IntakeKeys.certHostPrefix(port()) + PATH.substring(1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
