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
import java.nio.file.attribute.PosixFileAttributes;
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
            String why = String.valueOf(e.getMessage());
            // Before the existence check: a socket in a folder this user may not enter does not "exist" for it.
            if (why.contains("Permission denied")) {
                throw AdminUnavailableException.refused(socket, "not allowed to use " + socket
                        + " (permission denied): run as root, or as a member of " + groupOf(socket));
            }
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                throw AdminUnavailableException.noDaemon(socket, "no such socket");
            }
            throw AdminUnavailableException.refused(socket, "cannot connect to " + socket + ": " + why);
        }
        try (channel; LineChannel line = new LineChannel(channel, timeout)) {
            line.writeLine(request);
            return line.readLine(MAX_REPLY_BYTES).orElseThrow(
                    () -> AdminUnavailableException.noDaemon(socket, "it closed the connection without a reply"));
        } catch (SocketTimeoutException e) {
            throw AdminUnavailableException.noDaemon(socket, "no reply within " + timeout.toSeconds() + " s");
        }
    }

    /** The group of the socket, or of the nearest folder above it this user may see (the package's /run/outpost). */
    private static String groupOf(Path socket) {
        for (Path path = socket.toAbsolutePath(); path != null; path = path.getParent()) {
            try {
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return "group " + attributes.group().getName() + " (adduser $USER " + attributes.group().getName()
                        + ", then log in again)";
            } catch (IOException | UnsupportedOperationException e) {
                // not visible to this user either: try the folder above
            }
        }
        return "its group";
    }
}
