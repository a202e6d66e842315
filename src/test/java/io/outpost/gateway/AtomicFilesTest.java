package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file replaced whole keeps the mode of the one it replaces and leaves no temporary file. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void theReplacementKeepsTheModeAndNothingIsLeftBeside() throws Exception {
        Path file = dir.resolve("outpost.yaml");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(file));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var names = Files.list(dir)) {
            assertEquals(List.of(file), names.toList());
        }
    }
}
