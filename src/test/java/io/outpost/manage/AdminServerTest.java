package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.RawSocketClient;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin socket with real Unix domain sockets in a temp folder. */
class AdminServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AdminHandler ECHO = request -> "{\"ok\":true,\"echo\":\"" + request + "\"}";

    @TempDir
    Path dir;

    private Path socket() {
        return dir.resolve("admin.sock");
    }

    @Test
    void answersEachRequestLineOnASocketOnlyOwnerAndGroupCanUseAndRemovesItOnClose() throws Exception {
        AdminServer server = AdminServer.start(socket(), ECHO).orElseThrow();
        try {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())));
            assertEquals("{\"ok\":true,\"echo\":\"status\"}", AdminClient.request(socket(), "status", TIMEOUT));
            assertEquals("{\"ok\":true,\"echo\":\"ping\"}", AdminClient.request(socket(), "ping", TIMEOUT));
        } finally {
            server.close();
        }
        assertFalse(Files.exists(socket()), "socket removed on close");
        assertFalse(Files.exists(dir.resolve("admin.sock.lock")), "lock file removed on close");
    }

    @Test
    void junkAnOverlongLineASilentClientAndAFailingHandlerGetErrorLinesAndTheNextClientIsServed() throws Exception {
        AdminHandler failing = request -> {
            if (request.equals("boom")) {
                throw new IllegalStateException("store closed");
            }
            return ECHO.answer(request);
        };
        try (AdminServer server = AdminServer.start(socket(), failing, Duration.ofMillis(500)).orElseThrow()) {
            assertEquals("{\"ok\":false,\"error\":\"request is not UTF-8 text; send one command per line, e.g. status\"}",
                    exchange(new byte[] {(byte) 0xff, (byte) 0xfe, 's', '\n'}));
            assertEquals("{\"ok\":false,\"error\":\"request longer than 4096 bytes; send one command per line, e.g. status\"}",
                    exchange(RawSocketClient.hugeLine()));
            assertEquals("{\"ok\":false,\"error\":\"no request line within 500 ms\"}", exchange(new byte[0]));
            assertEquals("{\"ok\":false,\"error\":\"internal error: store closed\"}", exchange("boom\n".getBytes(StandardCharsets.UTF_8)));
            try (SocketChannel hangUp = SocketChannel.open(UnixDomainSocketAddress.of(socket()))) {
                hangUp.shutdownOutput();
            }
            assertEquals("{\"ok\":true,\"echo\":\"status\"}", AdminClient.request(socket(), "status", TIMEOUT));
        }
    }

    @Test
    void aSecondServerOnTheSameSocketIsRefusedAndTheFirstKeepsServing() throws Exception {
        try (AdminServer first = AdminServer.start(socket(), ECHO).orElseThrow()) {
            assertEquals(Optional.empty(), AdminServer.start(socket(), request -> "{\"ok\":true,\"second\":true}"));
            assertEquals("{\"ok\":true,\"echo\":\"status\"}", AdminClient.request(socket(), "status", TIMEOUT));
        }
    }

    @Test
    void aSocketSomethingElseAnswersOnIsLeftAlone() throws Exception {
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(socket()));
            assertEquals(Optional.empty(), AdminServer.start(socket(), ECHO));
            assertTrue(Files.exists(socket()));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket()))) {
                assertTrue(client.isConnected(), "the other listener still has its socket");
            }
        }
    }

    @Test
    void aSocketLeftByADaemonThatDiedIsReplaced() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket()));
        }
        assertTrue(Files.exists(socket()), "closing a Unix socket leaves its file");
        AdminUnavailableException refused = assertThrows(AdminUnavailableException.class,
                () -> AdminClient.request(socket(), "status", TIMEOUT));
        assertEquals("no outpost daemon answers on " + socket()
                + " (connection refused: the socket was left by a daemon that stopped)", refused.getMessage());
        try (AdminServer server = AdminServer.start(socket(), ECHO).orElseThrow()) {
            assertEquals("{\"ok\":true,\"echo\":\"status\"}", AdminClient.request(socket(), "status", TIMEOUT));
        }
    }

    @Test
    void aFileThatIsNotASocketIsKeptAndAnUncreatableFolderIsNoFailure() throws Exception {
        Files.writeString(socket(), "notes");
        assertEquals(Optional.empty(), AdminServer.start(socket(), ECHO));
        assertEquals("notes", Files.readString(socket()));

        Path underAFile = socket().resolve("admin.sock");
        assertEquals(Optional.empty(), AdminServer.start(underAFile, ECHO));
    }

    @Test
    void aClientWithNoDaemonIsToldSoNamingTheSocket() {
        AdminUnavailableException e = assertThrows(AdminUnavailableException.class,
                () -> AdminClient.request(socket(), "status", TIMEOUT));
        assertEquals("no outpost daemon answers on " + socket() + " (no such socket)", e.getMessage());
        assertEquals(socket(), e.socket());
        assertTrue(e.noDaemon(), "starting a daemon is what helps");
    }

    private String exchange(byte[] bytes) throws Exception {
        return RawSocketClient.exchange(socket(), bytes);
    }
}
