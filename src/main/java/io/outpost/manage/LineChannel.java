package io.outpost.manage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One exchange of UTF-8 lines over a socket channel, bounded in size and in time: Unix domain
 * channels have no read timeout, so the channel is made non-blocking and waited on with a selector
 * until a deadline. Neither side can hold the other forever or make it buffer without end.
 */
final class LineChannel implements AutoCloseable {

    /** More bytes than the reader accepts arrived before the end of the line. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int maxBytes) {
            super("longer than " + maxBytes + " bytes");
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final long deadlineNanos;

    /** {@code timeout}: for the whole exchange, reading and writing together. */
    LineChannel(SocketChannel channel, Duration timeout) throws IOException {
        this.channel = channel;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
    }

    /**
     * The text up to the first line feed, or up to the end of the stream; empty when the stream ended
     * before any byte. Strict UTF-8: anything else is a {@link java.nio.charset.CharacterCodingException}.
     */
    Optional<String> readLine(int maxBytes) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(maxBytes + 1, 8192));
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                return line.size() == 0 ? Optional.empty() : Optional.of(decode(line.toByteArray()));
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    return Optional.of(decode(line.toByteArray()));
                }
                if (line.size() == maxBytes) {
                    throw new LineTooLongException(maxBytes);
                }
                line.write(b);
            }
            if (n == 0) {
                await(SelectionKey.OP_READ);
            }
        }
    }

    /** Writes {@code text} and a line feed. */
    void writeLine(String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                await(SelectionKey.OP_WRITE);
            }
        }
    }

    private void await(int operation) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no " + (operation == SelectionKey.OP_READ ? "line" : "room to write")
                    + " before the deadline");
        }
        key.interestOps(operation);
        selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
        key.interestOps(0);
    }

    private static String decode(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** Closes the selector; the channel is its owner's to close. */
    @Override
    public void close() throws IOException {
        selector.close();
    }
}
