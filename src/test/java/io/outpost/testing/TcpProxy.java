package io.outpost.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 between a client and a broker, to break the link the way networks do:
 * {@link #cutAll()} resets every connection without a DISCONNECT (the broker must send the Will),
 * and in {@link Mode#SILENT} it accepts connections and never answers (a connect that hangs before
 * CONNACK).
 */
public final class TcpProxy implements AutoCloseable {

    public enum Mode { FORWARD, SILENT }

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;
    private volatile Mode mode = Mode.FORWARD;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::acceptLoop, "proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port();
    }

    public void mode(Mode next) {
        mode = next;
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Resets every open connection (RST, no MQTT DISCONNECT). New connections are still accepted. */
    public void cutAll() {
        for (Socket socket : sockets) {
            abort(socket);
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            sockets.add(client);
            if (mode == Mode.SILENT) {
                // Hold the connection open and never answer.
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(upstream);
                pump(client, upstream, "proxy-up-" + client.getPort());
                pump(upstream, client, "proxy-down-" + client.getPort());
            } catch (IOException e) {
                // the target is down: the client sees its connection dropped
                abort(client);
            }
        }
    }

    private void pump(Socket from, Socket to, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                abort(from);
                abort(to);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
