package io.outpost.ota;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as a stream with a limit on silence: a read that gets no byte for
 * {@code stall} fails and gives the connection up. The JDK's own {@code ofInputStream} has no such
 * limit once the headers are in, and a cellular link that goes quiet without a reset would hold a
 * download, and every update after it, for good. Pieces are asked for one at a time, so at most one
 * of the client's buffer lists waits here.
 */
final class StallGuardedBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    private static final List<ByteBuffer> END = List.of();

    private final long stallNanos;
    private final BlockingQueue<List<ByteBuffer>> pieces = new LinkedBlockingQueue<>();
    private final CompletableFuture<InputStream> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;
    /** Owned by the reading thread. */
    private Iterator<ByteBuffer> current = List.<ByteBuffer>of().iterator();
    private ByteBuffer buffer;
    private boolean ended;

    StallGuardedBody(Duration stall) {
        this.stallNanos = stall.toNanos();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
        body.complete(this);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        pieces.add(item);
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        pieces.add(END);
    }

    @Override
    public void onComplete() {
        pieces.add(END);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return body;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (buffer == null || !buffer.hasRemaining()) {
            if (current.hasNext()) {
                buffer = current.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            next();
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(into, off, n);
        return n;
    }

    /** Waits for the next piece, at most the stall limit. */
    private void next() throws IOException {
        List<ByteBuffer> piece;
        try {
            piece = pieces.poll(stallNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("download interrupted");
        }
        if (piece == null) {
            close();
            throw new IOException("no data for " + TimeUnit.NANOSECONDS.toSeconds(stallNanos) + " s: the server or the link stalled");
        }
        if (piece == END) {
            ended = true;
            if (failure != null) {
                throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
            }
            return;
        }
        current = piece.iterator();
        subscription.request(1);
    }

    /** Gives the connection up: the client stops reading and closes it. */
    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
