package io.outpost.manage;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

/** The CLI's side of the admin socket: one request line out, one reply line back. */
public final class AdminClient {

    /** A status of a few thousand sources fits many times over; anything larger is not our daemon. */
    static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    private AdminClient() {
    }

    /**
     * Sends {@code request} to the daemon on {@code socket} and returns its reply line.
     *
     * @throws AdminUnavailableException when no daemon answers there (no socket, refused, no answer in time), or this
     *     user may not use the socket
     * @throws IOException when the exchange fails midway
     */
    public static String request(Path socket, String request, Duration timeout) throws IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            throw AdminUnavailableException.noDaemon(socket, "connection refused: the socket was left by a daemon that stopped");
        } catch (SocketException e) {
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                throw AdminUnavailableException.noDaemon(socket, "no such socket");
            }
            String why = String.valueOf(e.getMessage());
            throw AdminUnavailableException.refused(socket, why.contains("Permission denied")
                    ? "not allowed to use " + socket + " (permission denied): run as root, or as a member of its group"
                    : "cannot connect to " + socket + ": " + why);
        }
        try (channel; LineChannel line = new LineChannel(channel, timeout)) {
            line.writeLine(request);
            return line.readLine(MAX_REPLY_BYTES).orElseThrow(
                    () -> AdminUnavailableException.noDaemon(socket, "it closed the connection without a reply"));
        } catch (SocketTimeoutException e) {
            throw AdminUnavailableException.noDaemon(socket, "no reply within " + timeout.toSeconds() + " s");
        }
    }
}
