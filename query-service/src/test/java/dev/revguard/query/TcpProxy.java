package dev.revguard.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the service and a server, for faults: {@link #cut()} closes every connection and refuses new
 * ones (the server is unreachable), {@link #stall()} keeps every connection open and accepts new ones but passes no
 * byte either way (a server that hangs, or a network that drops packets), {@link #restore()} ends either on the same
 * port. (A copy of the job tests' proxy with the stall added: the modules share no test sources.)
 */
final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean stalled;

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
        stalled = false;
        notifyStalled();
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
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // closed by cut(), or the target refused: the client sees its connection end
                }
            }
        }, "tcp-proxy-accept-" + port);
        accept.setDaemon(true);
        accept.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    awaitUnstalled();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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

    /** Connections stay open and new ones are accepted, but nothing passes until {@link #restore()}. */
    void stall() {
        stalled = true;
    }

    private final Object stallLock = new Object();

    private void awaitUnstalled() throws InterruptedException {
        synchronized (stallLock) {
            while (stalled) {
                stallLock.wait(100);
            }
        }
    }

    private void notifyStalled() {
        synchronized (stallLock) {
            stallLock.notifyAll();
        }
    }

    /** Every connection closed, new ones refused: the target is unreachable. */
    synchronized void cut() {
        stalled = false;
        notifyStalled();
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
