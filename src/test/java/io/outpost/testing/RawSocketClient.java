package io.outpost.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A client of a Unix domain socket that sends whatever it is given, junk included, and reads all it gets back. */
public final class RawSocketClient {

    private RawSocketClient() {
    }

    /** A megabyte without a line feed. */
    public static byte[] hugeLine() {
        byte[] line = new byte[1024 * 1024];
        Arrays.fill(line, (byte) 'x');
        return line;
    }

    /**
     * Sends {@code bytes} from one thread while reading on another, as a client that keeps writing
     * would; the server may close before all is written. Returns what came back, stripped.
     */
    public static String exchange(Path socket, byte[] bytes) throws Exception {
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.write(ByteBuffer.wrap(bytes));
                } catch (IOException e) {
                    // the server answered and closed before taking it all: expected for junk
                }
            });
            CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> readToEnd(client));
            String text = reply.get(30, TimeUnit.SECONDS);
            writer.get(30, TimeUnit.SECONDS);
            return text;
        }
    }

    private static String readToEnd(SocketChannel client) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            while (client.read(buffer.clear()) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
            }
        } catch (IOException e) {
            // a reset after the reply: what arrived is the answer
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
