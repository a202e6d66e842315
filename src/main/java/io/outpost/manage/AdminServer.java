package io.outpost.manage;

import io.outpost.threads.DaemonThreads;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's local admin socket (no TCP port): a Unix domain socket, mode 0660, served by one daemon
 * thread ({@code admin-socket}), one connection at a time. A client sends one request line of at most
 * {@link #MAX_REQUEST_BYTES} bytes and gets one line of JSON back, then the connection closes; junk,
 * an overlong line or a client silent for {@link #EXCHANGE_TIMEOUT} gets an error line, and the next
 * client is served.
 *
 * <p>The socket is optional for the daemon: when it cannot be had, {@link #start} logs one WARN line
 * saying why and what to do, and the daemon runs on without it. A live daemon's socket is never taken:
 * {@code <socket>.lock} is held for as long as the server runs, and a socket file something answers on
 * is left alone. A socket file left behind by a daemon that died is replaced.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    /** A request is a command name and a small JSON object: a larger one is junk. */
    static final int MAX_REQUEST_BYTES = 4096;
    static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(5);

    private final Path socket;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final ServerSocketChannel server;
    private final AdminHandler handler;
    private final Duration timeout;
    private final Thread thread;
    private volatile boolean closed;

    private AdminServer(Path socket, Path lockFile, FileChannel lockChannel, ServerSocketChannel server,
            AdminHandler handler, Duration timeout) {
        this.socket = socket;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.server = server;
        this.handler = handler;
        this.timeout = timeout;
        this.thread = DaemonThreads.newThread("admin-socket", this::serve);
    }

    /** Serves {@code handler} on {@code socket}; empty, after one WARN line, when the socket cannot be had. Never throws. */
    public static Optional<AdminServer> start(Path socket, AdminHandler handler) {
        return start(socket, handler, EXCHANGE_TIMEOUT);
    }

    /** {@code timeout}: how long one client may take to send its request and take the reply. */
    static Optional<AdminServer> start(Path socket, AdminHandler handler, Duration timeout) {
        Path lockFile = socket.resolveSibling(socket.getFileName() + ".lock");
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(socket.toAbsolutePath().getParent());
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            Optional<String> taken = !locked(lockChannel) ? Optional.of("another outpost daemon holds " + lockFile)
                    : answers(socket) ? Optional.of("something already answers on it") : Optional.empty();
            if (taken.isPresent()) {
                log.warn("event=admin-socket-in-use path={} why=\"{}\" action=\"this daemon runs without an admin socket;"
                        + " stop the other one, or give this config its own gateway.admin_socket\"", socket, taken.get());
                lockChannel.close();
                return Optional.empty();
            }
            removeStale(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(socket));
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            AdminServer started = new AdminServer(socket, lockFile, lockChannel, server, handler, timeout);
            started.thread.start();
            log.info("event=admin-socket-listening path={}", socket);
            return Optional.of(started);
        } catch (IOException | RuntimeException e) {
            log.warn("event=admin-socket-unavailable path={} error=\"{}\" action=\"the daemon runs without it, so outpost"
                    + " status cannot reach it; make the folder writable for this user, or set gateway.admin_socket to a"
                    + " path it can create\"", socket, describe(e));
            closeQuietly(lockChannel);
            return Optional.empty();
        }
    }

    public Path path() {
        return socket;
    }

    private static boolean locked(FileChannel channel) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false; // held in this very process
        }
    }

    /** Whether something accepts connections on {@code socket} now. */
    private static boolean answers(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a socket file nobody answers on; anything else at that path is the operator's, and is refused. */
    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException(socket + " exists and is not a socket; move it away");
        }
        Files.delete(socket);
        log.info("event=admin-socket-stale-removed path={}", socket);
    }

    private void serve() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                log.warn("event=admin-accept-failed error=\"{}\"", describe(e));
                pause();
                continue;
            }
            try (client) {
                exchange(client);
            } catch (IOException | RuntimeException e) {
                log.debug("event=admin-request-failed error=\"{}\"", describe(e));
            }
        }
    }

    private void exchange(SocketChannel client) throws IOException {
        try (LineChannel line = new LineChannel(client, timeout)) {
            String reply;
            try {
                Optional<String> request = line.readLine(MAX_REQUEST_BYTES);
                if (request.isEmpty()) {
                    return;
                }
                reply = handler.answer(request.get());
            } catch (LineChannel.LineTooLongException e) {
                reply = error("request longer than " + MAX_REQUEST_BYTES + " bytes; send one command per line, e.g. status");
            } catch (CharacterCodingException e) {
                reply = error("request is not UTF-8 text; send one command per line, e.g. status");
            } catch (SocketTimeoutException e) {
                reply = error("no request line within " + timeout.toMillis() + " ms");
            } catch (RuntimeException e) {
                log.warn("event=admin-request-failed error=\"{}\"", describe(e));
                reply = error("internal error: " + describe(e));
            }
            line.writeLine(reply);
        }
    }

    /** After an accept that failed for a reason other than closing (out of file descriptors): no spinning on it. */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static String error(String reason) {
        return new String(ReplyPayloads.error(reason), StandardCharsets.UTF_8);
    }

    static String describe(Exception e) {
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file or folder";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Already failing; the first error is the one reported.
            }
        }
    }

    /** Stops serving, removes the socket file, then releases the lock. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        try {
            thread.join(timeout.toMillis() + 1000);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            log.warn("event=admin-socket-not-removed path={} error=\"{}\"", socket, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(lockChannel);
        log.info("event=admin-socket-closed path={}", socket);
    }
}
