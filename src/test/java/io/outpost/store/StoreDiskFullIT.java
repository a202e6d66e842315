package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose file cannot grow (a per-process file size limit stands in for a full disk: the
 * write fails with an I/O error at the same place) fails the appends it cannot store with a clear
 * exception, keeps working, and stores again once records are acknowledged and their space freed.
 */
class StoreDiskFullIT {

    /** {@code ulimit -f} is in 1 KiB blocks: 6 MiB per file. */
    private static final int FILE_SIZE_LIMIT_KB = 6 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aFullDiskFailsTheAppendsItCannotStoreAndTheStoreRecoversWhenSpaceIsFreed() throws Exception {
        String java = String.join(" ", ChildJvm.command(StoreDiskFullChild.class, tmp.resolve("store").toString())
                .stream().map(arg -> "'" + arg.replace("'", "'\\''") + "'").toList());
        Path stdout = tmp.resolve("child.out");
        Process child = new ProcessBuilder("bash", "-c", "ulimit -f " + FILE_SIZE_LIMIT_KB + " && exec " + java)
                .redirectOutput(stdout.toFile())
                .redirectError(tmp.resolve("child.err").toFile())
                .start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child finished");
        List<String> lines = Files.readAllLines(stdout);
        String all = lines.stream().collect(Collectors.joining("\n"));
        System.out.println(all);
        assertEquals(0, child.exitValue(), all + "\n" + Files.readString(tmp.resolve("child.err")));

        String full = lines.get(0);
        assertTrue(full.matches("FULL after=\\d+ error=StoreUnavailableException: store commit failed, record not stored: .*File too large.*"), all);
        int storedBeforeFull = Integer.parseInt(full.replaceAll("FULL after=(\\d+) .*", "$1"));
        assertTrue(storedBeforeFull > 100, "the file filled up to its limit first: " + all);
        assertTrue(lines.get(1).startsWith("AGAIN error=StoreUnavailableException"), all);
        assertEquals("FREED depth=" + (storedBeforeFull - 40), lines.get(2), all);
        for (int i = 0; i < 10; i++) {
            assertEquals("STORED seq=" + (storedBeforeFull + 1 + i), lines.get(3 + i),
                    "freed space is used again, and the refused records used up no seq: " + all);
        }
        assertEquals("REOPENED records=" + (storedBeforeFull - 40 + 10) + " intact=true all_stored_present=true",
                lines.get(13), all);
    }
}
