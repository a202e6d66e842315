package io.outpost.store;

import static io.outpost.store.MapDbRecordStoreTest.append;
import static io.outpost.store.MapDbRecordStoreTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.value.Lane;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StoreCorruptionTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenStores stores = new OpenStores();
    private final DropLog drops = stores.drops;

    private MapDbRecordStore open() throws IOException {
        return stores.open(dir);
    }

    private Path queueFile() {
        return dir.resolve("queue.db");
    }

    /** A closed store with 50 telemetry records and 5 alarms. */
    private void storeWithRecords() throws Exception {
        MapDbRecordStore store = open();
        for (int i = 0; i < 50; i++) {
            append(store, Lane.TELEMETRY);
        }
        for (int i = 0; i < 5; i++) {
            append(store, Lane.ALARMS);
        }
        store.close();
    }

    private void overwrite(long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(queueFile().toFile(), "rw")) {
            raf.seek(offset);
            raf.write(bytes);
        }
    }

    private static byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    @Test
    void garbageInTheFileMovesItAsideAndAFreshStoreContinuesAboveOldSeqs() throws Exception {
        storeWithRecords();
        byte[] damaged = garbage(8192);
        overwrite(0, damaged);

        MapDbRecordStore store = open();

        Path aside = store.recoveredFrom().orElseThrow();
        assertTrue(aside.getFileName().toString().startsWith("queue.db.corrupt-"), aside.toString());
        byte[] kept = Files.readAllBytes(aside);
        assertArrayEquals(damaged, java.util.Arrays.copyOf(kept, damaged.length), "the damaged file is kept as it was");
        assertEquals(0, store.stats(Lane.TELEMETRY).depth());
        long telemetry = append(store, Lane.TELEMETRY).seq();
        long alarm = append(store, Lane.ALARMS).seq();
        assertTrue(telemetry > 50, "telemetry seq " + telemetry + " must be above every seq handed out before");
        assertTrue(alarm > 5, "alarm seq " + alarm + " must be above every seq handed out before");
        store.close();

        MapDbRecordStore reopened = open();
        assertTrue(reopened.recoveredFrom().isEmpty(), "the fresh file is sound");
        assertEquals(telemetry + 1, append(reopened, Lane.TELEMETRY).seq());
    }

    @Test
    void aTruncatedFileIsMovedAside() throws Exception {
        storeWithRecords();
        try (RandomAccessFile raf = new RandomAccessFile(queueFile().toFile(), "rw")) {
            raf.setLength(100_000);
        }

        MapDbRecordStore store = open();

        assertTrue(store.recoveredFrom().isPresent());
        assertTrue(append(store, Lane.TELEMETRY).seq() > 50);
    }

    @Test
    void aFileCutToNothingIsMovedAsideAndSeqsStayAboveOldOnes() throws Exception {
        storeWithRecords();
        try (RandomAccessFile raf = new RandomAccessFile(queueFile().toFile(), "rw")) {
            raf.setLength(0);
        }

        MapDbRecordStore store = open();

        assertTrue(store.recoveredFrom().isPresent(), "an empty file is damage, not a new store: reported");
        assertTrue(append(store, Lane.TELEMETRY).seq() > 50, "seqs do not start again from 1");
    }

    @Test
    void aFileCutInHalfLosesNothingWithoutAWord() throws Exception {
        storeWithRecords();
        try (RandomAccessFile raf = new RandomAccessFile(queueFile().toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }

        MapDbRecordStore store = open();

        if (store.recoveredFrom().isEmpty()) {
            // Opened in place: every record is either still served or reported as dropped.
            long served = 0;
            for (Lane lane : List.of(Lane.TELEMETRY, Lane.ALARMS)) {
                long after = 0;
                List<StoredRecord> batch;
                while (!(batch = store.read(lane, after, 100)).isEmpty()) {
                    served += batch.size();
                    after = batch.get(batch.size() - 1).seq();
                }
            }
            long servedNow = served;
            awaitTrue("what is not served is reported", () -> servedNow + drops.drops().stream()
                    .mapToLong(DropLog.Drop::count).sum() >= 55);
        }
        assertTrue(append(store, Lane.TELEMETRY).seq() > 50);
    }

    @Test
    void seqsStayAboveOldOnesWhenTheSeqStateFileIsLostWithTheStore() throws Exception {
        storeWithRecords();
        overwrite(0, garbage(8192));
        Files.delete(dir.resolve("seq.state"));
        long before = System.currentTimeMillis();

        MapDbRecordStore store = open();

        assertTrue(store.recoveredFrom().isPresent());
        long seq = append(store, Lane.TELEMETRY).seq();
        assertTrue(seq > SeqReservations.fallbackFloor(before), "seq " + seq + " starts from the clock");
    }

    @Test
    void aDamagedSeqStateFileIsRewrittenFromTheSoundStore() throws Exception {
        storeWithRecords();
        Files.writeString(dir.resolve("seq.state"), "telemetry=3\ncrc32c=00000000\n");

        MapDbRecordStore store = open();

        assertTrue(store.recoveredFrom().isEmpty());
        assertEquals(51, append(store, Lane.TELEMETRY).seq());
        assertTrue(SeqReservations.load(dir.resolve("seq.state")).reservedUpTo(Lane.TELEMETRY) >= 51);
    }

    @Test
    void aDamagedPayloadIsDroppedAndReportedWhileTheRestIsServed() throws Exception {
        MapDbRecordStore store = open();
        for (int i = 0; i < 3; i++) {
            append(store, Lane.EVENTS);
        }
        byte[] marker = "THIS-PAYLOAD-WILL-BE-DAMAGED-ON-DISK".getBytes(StandardCharsets.US_ASCII);
        long damagedSeq = store.append(Lane.EVENTS, seq -> marker).get().seq();
        append(store, Lane.EVENTS);
        store.close();
        long at = indexOf(Files.readAllBytes(queueFile()), marker);
        assertTrue(at > 0, "payload found in the file");
        overwrite(at + 5, "xxxx".getBytes(StandardCharsets.US_ASCII));

        MapDbRecordStore reopened = open();
        List<Long> served = reopened.read(Lane.EVENTS, 0, 100).stream().map(StoredRecord::seq).toList();

        assertEquals(List.of(1L, 2L, 3L, 5L), served);
        awaitTrue("damaged record dropped", () -> reopened.stats(Lane.EVENTS).depth() == 4);
        // The writer reports drops after its commit, outside the lock: the depth can be seen first.
        awaitTrue("drop reported", () -> !drops.drops().isEmpty());
        assertEquals(List.of(new DropLog.Drop(Lane.EVENTS, damagedSeq, damagedSeq, 1, StoreWriter.CORRUPT_REASON)),
                drops.drops());
        assertTrue(reopened.recoveredFrom().isEmpty());
    }

    @Test
    void leftoversOfAnInterruptedCompactionAreRemovedOnOpen() throws Exception {
        storeWithRecords();
        Files.write(dir.resolve("queue.db.compact"), garbage(100));
        Files.write(dir.resolve("queue.db.compact.journal"), garbage(100));

        MapDbRecordStore store = open();

        assertEquals(50, store.stats(Lane.TELEMETRY).depth());
        assertTrue(Files.notExists(dir.resolve("queue.db.compact")));
        assertTrue(Files.notExists(dir.resolve("queue.db.compact.journal")));
    }

    private static long indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
