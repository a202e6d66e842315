package io.outpost.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server of one archive, honouring {@code Range: bytes=N-}, that can cut the
 * connection after a number of body bytes on its first response, and counts the body bytes it sent.
 */
public final class ArchiveServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private volatile byte[] body;
    private final long cutAfter;
    private final boolean stall;
    private final java.util.concurrent.ExecutorService handlers = java.util.concurrent.Executors.newFixedThreadPool(4);
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    public final AtomicLong sent = new AtomicLong();
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger rangeRequests = new AtomicInteger();

    /** {@code cutAfter}: body bytes of the first response before the connection drops; -1 for never. */
    public ArchiveServer(byte[] body, long cutAfter) throws IOException {
        this(body, cutAfter, false);
    }

    /**
     * With {@code stall}, the first response stops sending after {@code cutAfter} bytes and keeps the
     * connection open, silent, until {@link #close()}: a link gone quiet without a reset.
     */
    public ArchiveServer(byte[] body, long cutAfter, boolean stall) throws IOException {
        this.body = body;
        this.cutAfter = cutAfter;
        this.stall = stall;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        // a stalled response must not hold the one thread the next request needs
        server.setExecutor(handlers);
        server.start();
    }

    public URI uri(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
    }

    public void body(byte[] replacement) {
        body = replacement;
    }

    private void serve(HttpExchange exchange) throws IOException {
        int n = requests.incrementAndGet();
        byte[] all = body;
        long from = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (m.matches() && Long.parseLong(m.group(1)) < all.length) {
                from = Long.parseLong(m.group(1));
                rangeRequests.incrementAndGet();
            }
        }
        long length = all.length - from;
        if (from > 0) {
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (all.length - 1) + "/" + all.length);
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, length);
        OutputStream out = exchange.getResponseBody();
        long limit = n == 1 && cutAfter >= 0 ? Math.min(cutAfter, length) : length;
        int chunk = 8192;
        for (long at = from; at < from + limit; at += chunk) {
            int len = (int) Math.min(chunk, from + limit - at);
            out.write(all, (int) at, len);
            out.flush();
            sent.addAndGet(len);
        }
        if (limit < length && stall) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        if (limit < length) {
            // a dropped connection: the fixed length was not met, the server closes the socket
            exchange.close();
            return;
        }
        out.close();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
