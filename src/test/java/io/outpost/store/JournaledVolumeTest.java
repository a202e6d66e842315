package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaledVolumeTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("v.db");
    }

    private JournaledVolume open() throws Exception {
        return JournaledVolume.open(file(), StoreFiles.journalOf(file()));
    }

    static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(JournaledVolume volume, long offset, int length) {
        byte[] b = new byte[length];
        volume.getData(offset, b, 0, length);
        return b;
    }

    /** Commits {@code data} at {@code offset} in a fresh volume and returns its bytes on disk afterwards. */
    private byte[] committed(long offset, byte[] data) throws Exception {
        JournaledVolume volume = open();
        volume.ensureAvailable(offset + data.length);
        volume.putData(offset, data, 0, data.length);
        volume.sync();
        volume.close();
        return Files.readAllBytes(file());
    }

    @Test
    void writesReachTheFileOnlyAtSyncAndReadsSeeThemBefore() throws Exception {
        JournaledVolume volume = open();
        volume.ensureAvailable(3 * JournaledVolume.PAGE_SIZE);
        byte[] data = bytes(5000, 1); // spans a page boundary
        volume.putData(4000, data, 0, data.length);
        volume.putLong(100, 0x1122334455667788L);

        assertEquals(0, Files.size(file()), "nothing on disk before sync");
        assertArrayEquals(data, read(volume, 4000, data.length));
        assertEquals(0x1122334455667788L, volume.getLong(100));

        volume.sync();
        byte[] onDisk = Files.readAllBytes(file());
        assertEquals(JournaledVolume.GROW_STEP, onDisk.length);
        assertArrayEquals(data, Arrays.copyOfRange(onDisk, 4000, 9000));
        volume.close();
    }

    @Test
    void closingWithoutSyncDiscardsTheWrites() throws Exception {
        byte[] before = committed(0, bytes(100, 2));
        JournaledVolume volume = open();
        volume.putData(0, bytes(100, 3), 0, 100);
        volume.close();

        assertArrayEquals(before, Files.readAllBytes(file()));
        JournaledVolume reopened = open();
        assertArrayEquals(Arrays.copyOf(before, 100), read(reopened, 0, 100));
        reopened.close();
    }

    @Test
    void aCommitWhoseJournalReachedTheDiskIsCompletedOnOpen() throws Exception {
        committed(0, bytes(100, 4));
        JournaledVolume volume = open();
        byte[] data = bytes(20_000, 5);
        volume.ensureAvailable(2 * JournaledVolume.GROW_STEP);
        volume.putData(JournaledVolume.GROW_STEP + 10, data, 0, data.length);
        volume.writeJournalOnly(); // the commit point, then "crash" before the file is written
        volume.close();

        JournaledVolume reopened = open();
        assertEquals(2 * JournaledVolume.GROW_STEP, reopened.length());
        assertArrayEquals(data, read(reopened, JournaledVolume.GROW_STEP + 10, data.length));
        reopened.close();
        assertEquals(0, Files.size(StoreFiles.journalOf(file())), "journal emptied once replayed");
    }

    @Test
    void aTornJournalIsIgnoredAndTheLastCommitStays() throws Exception {
        byte[] before = committed(0, bytes(100, 6));
        JournaledVolume volume = open();
        volume.putData(0, bytes(100, 7), 0, 100);
        volume.writeJournalOnly();
        volume.close();
        Path journal = StoreFiles.journalOf(file());
        try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
            raf.setLength(raf.length() - 10); // the crash came before the whole journal was on disk
        }

        JournaledVolume reopened = open();
        assertArrayEquals(Arrays.copyOf(before, 100), read(reopened, 0, 100));
        reopened.close();
    }

    @Test
    void aJournalLeftAfterItWasAppliedChangesNothingWhenReplayed() throws Exception {
        JournaledVolume volume = open();
        volume.ensureAvailable(10);
        volume.putData(0, bytes(100, 8), 0, 100);
        volume.writeJournalOnly();
        byte[] journal = Files.readAllBytes(StoreFiles.journalOf(file()));
        volume.sync();
        volume.close();
        byte[] after = Files.readAllBytes(file());
        Files.write(StoreFiles.journalOf(file()), journal); // as if invalidating it never reached the disk

        open().close();
        assertArrayEquals(after, Files.readAllBytes(file()));
    }
}
