package dev.revguard.job.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the job and a server, for faults: {@link #cut()} closes every connection and refuses new
 * ones (the server is unreachable), {@link #restore()} accepts again on the same port.
 */
final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    /** When set, the first connection that sends these bytes is closed (both ends) instead of passing them. */
    private final java.util.concurrent.atomic.AtomicReference<String> dropOnce = new java.util.concurrent.atomic.AtomicReference<>();

    private TcpProxy(String targetHost, int targetPort, int port) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = port;
    }

    static TcpProxy start(String targetHost, int targetPort) throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        TcpProxy p = new TcpProxy(targetHost, targetPort, free);
        p.restore();
        return p;
    }

    int port() {
        return port;
    }

    synchronized void restore() throws IOException {
        if (server != null) return;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        server = s;
        Thread accept = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream, true);
                    pump(upstream, client, false);
                } catch (IOException e) {
                    // closed by cut(), or the target refused: the client sees its connection end
                }
            }
        }, "tcp-proxy-accept-" + port);
        accept.setDaemon(true);
        accept.start();
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    String marker = fromClient ? dropOnce.get() : null;
                    if (marker != null && new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains(marker)
                            && dropOnce.compareAndSet(marker, null)) {
                        return; // the finally closes both ends: this one connection is lost mid-statement
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                close(from);
                close(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** The next connection that sends {@code marker} (say, one SQL statement) is closed before it arrives. */
    void dropTheConnectionSending(String marker) {
        dropOnce.set(marker);
    }

    /** Whether the drop asked for has happened. */
    boolean dropped() {
        return dropOnce.get() == null;
    }

    /** Every connection closed, new ones refused: the target is unreachable. */
    synchronized void cut() {
        if (server != null) {
            close(server);
            server = null;
        }
        for (Socket s : open) close(s);
        open.clear();
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
