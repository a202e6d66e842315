package io.outpost.demo;

import io.outpost.threads.DaemonThreads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's "cellular link": a loopback TCP relay between the gateway and the broker that can be
 * cut. The demo cuts it before stopping the broker and restores it only once the cloud consumer is
 * subscribed again, so the consumer never misses what the gateway sends after the outage (an
 * in-memory broker forgets subscriptions when it restarts).
 */
final class LinkRelay implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean up = true;

    LinkRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = DaemonThreads.newThread("demo-link", this::acceptLoop);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Cuts every connection and refuses new ones until {@link #restore()}. */
    void cut() {
        up = false;
        open.forEach(LinkRelay::closeQuietly);
        open.clear();
    }

    void restore() {
        up = true;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!up) {
                    closeQuietly(client);
                    continue;
                }
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(broker);
                pump(client, broker);
                pump(broker, client);
            } catch (IOException e) {
                // The broker is down or the relay is closing: the gateway sees a refused link, as intended.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        DaemonThreads.newThread("demo-link-pump", () -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // Either side went away; both are closed below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }).start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
