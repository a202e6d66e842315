package io.outpost.ota;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.ArchiveServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseDownloadTest {

    private static final int SIZE = 2 * 1024 * 1024;

    @TempDir
    Path releases;

    private final List<String> events = new ArrayList<>();

    private static byte[] archive() {
        byte[] b = new byte[SIZE];
        new Random(7).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private Manifest manifest(String url, String sha, long size) throws Exception {
        return ManifestParser.parse(new TestManifests().signed("1.4.0", url, sha, size, Optional.empty()));
    }

    private ReleaseDownload download(long keepFree) {
        return new ReleaseDownload(releases, keepFree, (name, fields) -> events.add(name + " " + fields), Duration.ofMillis(10));
    }

    @Test
    void aDownloadCutInTheMiddleResumesWithRangeInsteadOfStartingOver() throws Exception {
        byte[] archive = archive();
        try (ArchiveServer server = new ArchiveServer(archive, SIZE / 2)) {
            Path file = download(0).fetch(manifest(server.uri("o.tar.gz").toString(), sha256(archive), SIZE));
            assertArrayEquals(archive, Files.readAllBytes(file));
            assertEquals(releases.resolve(".partial/1.4.0.tar.gz"), file);
            assertTrue(server.requests.get() >= 2, "the cut forced a second request");
            assertTrue(server.rangeRequests.get() >= 1, "the second asked for the rest");
            // what the server sent is the archive once, plus at most what the client had not written yet when the line dropped
            assertTrue(server.sent.get() < SIZE + SIZE / 4, "sent " + server.sent.get() + " for " + SIZE);
            assertTrue(events.stream().anyMatch(e -> e.startsWith("ota-download-interrupted")), events.toString());
            assertTrue(events.stream().anyMatch(e -> e.startsWith("ota-download-progress") && e.contains("bytes=" + SIZE)),
                    events.toString());
        }
    }

    @Test
    void aServerThatFallsSilentMidBodyIsGivenUpAndTheDownloadResumes() throws Exception {
        byte[] archive = archive();
        try (ArchiveServer server = new ArchiveServer(archive, SIZE / 2, true)) {
            ReleaseDownload download = new ReleaseDownload(releases, 0, (name, fields) -> events.add(name + " " + fields),
                    Duration.ofMillis(10), Duration.ofSeconds(2));
            Path file = download.fetch(manifest(server.uri("o.tar.gz").toString(), sha256(archive), SIZE));
            assertArrayEquals(archive, Files.readAllBytes(file));
            assertTrue(server.rangeRequests.get() >= 1, "the second request asked for the rest");
            assertTrue(events.stream().anyMatch(e -> e.startsWith("ota-download-interrupted") && e.contains("stalled")),
                    events.toString());
        }
    }

    @Test
    void aShaMismatchIsRefusedAndLeavesNothing() throws Exception {
        byte[] archive = archive();
        try (ArchiveServer server = new ArchiveServer(archive, -1)) {
            OtaRefusal e = assertThrows(OtaRefusal.class,
                    () -> download(0).fetch(manifest(server.uri("o").toString(), "0".repeat(64), SIZE)));
            assertTrue(e.getMessage().startsWith("sha256 mismatch"), e.getMessage());
            assertFalse(Files.exists(releases.resolve(".partial/1.4.0.tar.gz")));
        }
    }

    @Test
    void aSizeMismatchIsRefusedEitherWayAndLeavesNothing() throws Exception {
        byte[] archive = archive();
        try (ArchiveServer server = new ArchiveServer(archive, -1)) {
            for (long size : new long[] {SIZE - 1, SIZE + 1}) {
                OtaRefusal e = assertThrows(OtaRefusal.class,
                        () -> download(0).fetch(manifest(server.uri("o").toString(), sha256(archive), size)));
                assertTrue(e.getMessage().startsWith("size mismatch"), e.getMessage());
                assertFalse(Files.exists(releases.resolve(".partial/1.4.0.tar.gz")));
            }
        }
    }

    @Test
    void tooLittleDiskIsRefusedBeforeAnyByteIsFetched() throws Exception {
        byte[] archive = archive();
        try (ArchiveServer server = new ArchiveServer(archive, -1)) {
            long free = Files.getFileStore(releases).getUsableSpace();
            OtaRefusal e = assertThrows(OtaRefusal.class,
                    () -> download(free).fetch(manifest(server.uri("o").toString(), sha256(archive), SIZE)));
            assertTrue(e.getMessage().startsWith("not enough disk for 1.4.0"), e.getMessage());
            assertEquals(0, server.requests.get(), "nothing asked of the server");
        }
    }

    @Test
    void aFileUrlIsCopiedUnderTheSameChecks() throws Exception {
        byte[] archive = archive();
        Path source = Files.write(releases.resolve("o.tar.gz"), archive);
        Path file = download(0).fetch(manifest(source.toUri().toString(), sha256(archive), SIZE));
        assertArrayEquals(archive, Files.readAllBytes(file));
        assertThrows(OtaRefusal.class, () -> download(0).fetch(manifest(source.toUri().toString(), sha256(archive), 5)));
        Files.writeString(source, "x", StandardCharsets.US_ASCII);
        assertThrows(OtaRefusal.class, () -> download(0).fetch(manifest(source.toUri().toString(), sha256(archive), 1)));
    }
}
