package io.outpost.store;

import static io.outpost.store.JournaledVolumeTest.bytes;
import static io.outpost.store.JournaledVolumeTest.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mapdb.DBException;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed pages a {@link JournaledVolume} keeps for reads, on real files: reads see every write
 * before and after its commit, a failed commit and a reopen leave nothing stale, a replayed journal
 * shows, and the cache stays within its bound. Where a test has to tell a cached page from the file,
 * it changes the file behind the volume's back: a cached page still shows what was committed.
 */
class JournaledVolumeCacheTest {

    private static final int PAGE = JournaledVolume.PAGE_SIZE;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("v.db");
    }

    private JournaledVolume open(int cachePages) throws Exception {
        return JournaledVolume.open(file(), StoreFiles.journalOf(file()), cachePages);
    }

    /** A volume of {@code pages} committed pages of random bytes (seed 1), open with room for {@code cachePages}. */
    private JournaledVolume committedPages(int pages, int cachePages) throws Exception {
        JournaledVolume volume = open(cachePages);
        volume.ensureAvailable((long) pages * PAGE);
        volume.putData(0, bytes(pages * PAGE, 1), 0, pages * PAGE);
        volume.sync();
        return volume;
    }

    private void overwriteFile(long offset, byte[] data) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.seek(offset);
            raf.write(data);
        }
    }

    @Test
    void smallReadsSeeWritesBeforeAndAfterTheirCommitAndAcrossAReopen() throws Exception {
        JournaledVolume volume = committedPages(3, 16);
        byte[] committed = bytes(3 * PAGE, 1);
        assertEquals(ByteBufferView.longAt(committed, 100), volume.getLong(100), "read through the cache");

        volume.putLong(100, 0x0102030405060708L);
        volume.putInt(PAGE - 2, 0x0a0b0c0d); // across a page boundary
        volume.putByte(2 * PAGE + 7, (byte) 0x55);

        assertEquals(0x0102030405060708L, volume.getLong(100));
        assertEquals(0x0a0b0c0d, volume.getInt(PAGE - 2));
        assertEquals((byte) 0x55, volume.getByte(2 * PAGE + 7));
        assertEquals(ByteBufferView.longAt(committed, 200), volume.getLong(200), "the rest of a dirty page is as committed");
        volume.sync();
        assertEquals(0x0102030405060708L, volume.getLong(100));
        assertEquals(0x0a0b0c0d, volume.getInt(PAGE - 2));
        assertEquals((byte) 0x55, volume.getByte(2 * PAGE + 7));
        volume.close();

        JournaledVolume reopened = open(16);
        assertEquals(0x0102030405060708L, reopened.getLong(100));
        assertEquals(0x0a0b0c0d, reopened.getInt(PAGE - 2));
        assertEquals((byte) 0x55, reopened.getByte(2 * PAGE + 7));
        assertEquals(ByteBufferView.longAt(committed, 200), reopened.getLong(200));
        reopened.close();
    }

    @Test
    void pagesACommitChangedAreServedFromMemoryAfterItWithoutReadingTheFileAgain() throws Exception {
        JournaledVolume volume = committedPages(2, 16);
        volume.putLong(8, 42L); // a field, as MapDB writes them
        volume.putLong(PAGE + 8, 43L);
        volume.sync();
        assertEquals(2, volume.cachedPages(), "both changed pages kept");

        overwriteFile(0, new byte[2 * PAGE]);

        assertEquals(42L, volume.getLong(8));
        assertEquals(43L, volume.getLong(PAGE + 8));
        volume.close();
    }

    @Test
    void aPageWrittenWholeIsNotKeptAfterTheCommitSoPayloadsDoNotCrowdOutFields() throws Exception {
        JournaledVolume volume = committedPages(4, 16);
        assertEquals(0, volume.cachedPages(), "the pages of one large write are not cached");
        byte[] changed = bytes(PAGE, 9);
        overwriteFile(PAGE, changed);

        assertEquals(ByteBufferView.longAt(changed, 0), volume.getLong(PAGE), "read from the file");
        volume.close();
    }

    @Test
    void aReadOfAPageOrMoreGoesToTheFileAndIsNotCached() throws Exception {
        JournaledVolume volume = committedPages(4, 16);
        byte[] committed = bytes(4 * PAGE, 1);

        assertArrayEquals(Arrays.copyOfRange(committed, 100, 100 + 2 * PAGE), read(volume, 100, 2 * PAGE));
        assertEquals(0, volume.cachedPages(), "a payload read leaves the cache to the fields");
        volume.getInt(PAGE + 4);
        assertEquals(1, volume.cachedPages());
        volume.close();
    }

    @Test
    void theCacheKeepsTheMostRecentlyUsedPagesAndNeverMoreThanItsBound() throws Exception {
        int pages = 16;
        JournaledVolume volume = committedPages(pages, 4);
        byte[] committed = bytes(pages * PAGE, 1);
        for (int page = 0; page < pages; page++) {
            assertEquals(ByteBufferView.longAt(committed, page * PAGE + 40), volume.getLong(page * PAGE + 40));
            assertTrue(volume.cachedPages() <= 4, "at most the bound: " + volume.cachedPages());
        }
        assertEquals(4, volume.cachedPages());
        volume.getLong(12 * PAGE); // page 12 becomes the most recently used: page 13 is the eldest

        byte[] changed = bytes(pages * PAGE, 2);
        overwriteFile(0, changed);
        volume.getLong(0); // a miss: evicts page 13

        for (int page : new int[] {12, 14, 15}) {
            assertEquals(ByteBufferView.longAt(committed, page * PAGE + 40), volume.getLong(page * PAGE + 40),
                    "page " + page + " is still cached");
        }
        for (int page : new int[] {1, 5, 11, 13}) {
            assertEquals(ByteBufferView.longAt(changed, page * PAGE + 40), volume.getLong(page * PAGE + 40),
                    "page " + page + " was evicted and is read from the file");
        }
        assertEquals(4, volume.cachedPages());
        volume.close();
    }

    @Test
    void aFailedCommitEmptiesTheCacheAndTheReopenedVolumeReadsOnlyTheLastCommit() throws Exception {
        JournaledVolume volume = committedPages(3, 16);
        byte[] committed = bytes(3 * PAGE, 1);
        volume.getLong(0);
        volume.getLong(2 * PAGE);
        volume.putLong(PAGE + 16, 7L);

        Thread.currentThread().interrupt(); // a real I/O failure: the interrupt closes the channel in use
        try {
            assertThrows(JournaledVolume.NotCommittedException.class, volume::sync);
        } finally {
            Thread.interrupted();
        }

        assertEquals(0, volume.cachedPages(), "after a failed commit no page is taken on trust");
        assertEquals(7L, volume.getLong(PAGE + 16), "the write not committed is still pending in this volume");
        try {
            volume.close(); // what the store does after a failed commit: reopen from disk
        } catch (DBException.VolumeIOError e) {
            // the interrupt closed the file's channel, and its lock with it: nothing left to release
        }

        JournaledVolume reopened = open(16);
        assertArrayEquals(committed, read(reopened, 0, 3 * PAGE));
        assertEquals(ByteBufferView.longAt(committed, PAGE + 16), reopened.getLong(PAGE + 16));
        reopened.close();
    }

    @Test
    void aReplayedJournalIsWhatTheReopenedVolumeReads() throws Exception {
        JournaledVolume volume = committedPages(3, 16);
        volume.getLong(PAGE);
        volume.putLong(PAGE + 24, 99L);
        volume.putInt(2 * PAGE + 4, 98);
        volume.writeJournalOnly(); // the commit point, then "crash" before the file is written
        volume.close();

        JournaledVolume reopened = open(16);
        assertEquals(99L, reopened.getLong(PAGE + 24));
        assertEquals(98, reopened.getInt(2 * PAGE + 4));
        byte[] expected = bytes(3 * PAGE, 1);
        System.arraycopy(ByteBufferView.bytesOfLong(99L), 0, expected, PAGE + 24, 8);
        System.arraycopy(ByteBufferView.bytesOfInt(98), 0, expected, 2 * PAGE + 4, 4);
        assertArrayEquals(expected, read(reopened, 0, 3 * PAGE), "a large read agrees with the small ones");
        reopened.close();
    }

    @Test
    void aCutFileIsNotServedFromTheCacheWhenItGrowsAgain() throws Exception {
        JournaledVolume volume = committedPages(3, 16);
        volume.putLong(2 * PAGE + 8, 5L);
        volume.sync();
        assertEquals(5L, volume.getLong(2 * PAGE + 8));

        volume.truncate(PAGE);
        volume.sync();
        assertEquals(PAGE, Files.size(file()));
        volume.ensureAvailable(3 * PAGE);
        volume.sync();

        assertEquals(0L, volume.getLong(2 * PAGE + 8), "the cut page came back as zeros");
        volume.close();
    }

    /** Random small and large writes, reads, commits and reopens against a plain array, with a cache small enough to evict. */
    @Test
    void randomOperationsReadWhatAPlainArrayWould() throws Exception {
        Random random = new Random(7);
        int size = 64 * PAGE;
        byte[] committed = new byte[size];
        byte[] current = new byte[size];
        JournaledVolume volume = open(8);
        volume.ensureAvailable(size);
        volume.sync();
        for (int op = 0; op < 4000; op++) {
            int choice = random.nextInt(100);
            if (choice < 35) {
                int length = random.nextInt(10) < 8 ? 1 + random.nextInt(16) : 1 + random.nextInt(3 * PAGE);
                int at = random.nextInt(size - length);
                byte[] data = bytes(length, random.nextLong());
                volume.putData(at, data, 0, length);
                System.arraycopy(data, 0, current, at, length);
            } else if (choice < 45) {
                int at = random.nextInt(size - 8);
                long value = random.nextLong();
                volume.putLong(at, value);
                System.arraycopy(ByteBufferView.bytesOfLong(value), 0, current, at, 8);
            } else if (choice < 85) {
                int length = random.nextInt(10) < 8 ? 1 + random.nextInt(16) : 1 + random.nextInt(3 * PAGE);
                int at = random.nextInt(size - length);
                assertArrayEquals(Arrays.copyOfRange(current, at, at + length), read(volume, at, length), "op " + op);
                int field = random.nextInt(size - 8);
                assertEquals(ByteBufferView.longAt(current, field), volume.getLong(field), "op " + op);
            } else if (choice < 97) {
                volume.sync();
                committed = current.clone();
            } else {
                volume.close(); // uncommitted writes are lost, as in a crash
                volume = open(8);
                current = committed.clone();
            }
            assertTrue(volume.cachedPages() <= 8);
        }
        volume.close();
    }

    /** Big-endian fields in a byte array, as MapDB lays them out. */
    private static final class ByteBufferView {
        static long longAt(byte[] bytes, int at) {
            return java.nio.ByteBuffer.wrap(bytes).getLong(at);
        }

        static int intAt(byte[] bytes, int at) {
            return java.nio.ByteBuffer.wrap(bytes).getInt(at);
        }

        static byte[] bytesOfLong(long value) {
            return java.nio.ByteBuffer.allocate(8).putLong(value).array();
        }

        static byte[] bytesOfInt(int value) {
            return java.nio.ByteBuffer.allocate(4).putInt(value).array();
        }
    }

    /**
     * Page arrays are reused (payload pages after their commit, pages the cache lets go): over many
     * commits of whole-page payloads, partial writes and small fields, with a cache of 4 pages so
     * arrays change hands all the time, every read matches a plain byte array written the same way,
     * before and after each commit and after a reopen.
     */
    @Test
    void reusedPageArraysNeverShowOldBytes() throws Exception {
        int pages = 24;
        byte[] model = new byte[pages * PAGE];
        Random random = new Random(7);
        JournaledVolume volume = open(4);
        volume.ensureAvailable(model.length);
        for (int commit = 0; commit < 200; commit++) {
            for (int w = 0; w < 6; w++) {
                int kind = random.nextInt(3);
                int offset;
                byte[] data;
                if (kind == 0) { // whole pages, as a payload
                    offset = random.nextInt(pages - 3) * PAGE;
                    data = bytes((1 + random.nextInt(3)) * PAGE, random.nextLong());
                } else if (kind == 1) { // a partial run across a page boundary
                    offset = random.nextInt(model.length - 2 * PAGE) + 1;
                    data = bytes(1 + random.nextInt(PAGE + 100), random.nextLong());
                } else { // a field
                    offset = random.nextInt(model.length - 8);
                    data = ByteBufferView.bytesOfLong(random.nextLong());
                    volume.putLong(offset, ByteBufferView.longAt(data, 0));
                    System.arraycopy(data, 0, model, offset, 8);
                    continue;
                }
                volume.putData(offset, data, 0, data.length);
                System.arraycopy(data, 0, model, offset, data.length);
            }
            int at = random.nextInt(model.length - 16);
            assertEquals(ByteBufferView.longAt(model, at), volume.getLong(at), "before commit " + commit);
            volume.sync();
            assertArrayEquals(model, read(volume, 0, model.length), "after commit " + commit);
            for (int r = 0; r < 8; r++) {
                at = random.nextInt(model.length - 8);
                assertEquals(ByteBufferView.longAt(model, at), volume.getLong(at), "field after commit " + commit);
            }
        }
        volume.close();
        JournaledVolume reopened = open(4);
        assertArrayEquals(model, read(reopened, 0, model.length), "after a reopen");
        reopened.close();
    }

    @Test
    void anIntReadAfterItsPageArrayWentToAnotherPageComesFromTheFile() throws Exception {
        JournaledVolume volume = open(16);
        volume.ensureAvailable(4L * PAGE);
        byte[] first = bytes(PAGE, 1);
        volume.putData(0, first, 0, PAGE); // written whole: its array is let go after the commit
        assertEquals(ByteBufferView.intAt(first, 8), volume.getInt(8), "the dirty page, read last");
        volume.sync();
        byte[] second = bytes(PAGE, 2);
        volume.putData(PAGE, second, 0, PAGE); // may reuse the first page's array
        assertEquals(ByteBufferView.intAt(first, 8), volume.getInt(8), "committed bytes, not the reused array");
        assertEquals(ByteBufferView.intAt(second, 8), volume.getInt(PAGE + 8));
        assertEquals(ByteBufferView.intAt(first, 8), volume.getInt(8), "and back again");
        volume.putInt(12, 0x01020304);
        assertEquals(0x01020304, volume.getInt(12), "a write lands in the page read last");
        volume.close();
    }
}
