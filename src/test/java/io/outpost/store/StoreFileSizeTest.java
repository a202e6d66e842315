package io.outpost.store;

import static io.outpost.store.MapDbRecordStoreTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.value.Lane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StoreFileSizeTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenStores stores = new OpenStores();

    private MapDbRecordStore open(long compactionSlack) throws Exception {
        return stores.open(dir, OpenStores.ROOMY, OnFull.DROP_OLDEST, stores.drops,
                StoreOptions.defaults().withCompactionSlackBytes(compactionSlack));
    }

    /** Appends {@code count} telemetry records, {@code length} give or take 5%, and waits for all. */
    private static void appendMany(RecordStore store, int count, int length) throws Exception {
        List<CompletableFuture<StoredRecord>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(store.append(Lane.TELEMETRY, seq -> Payloads.sized(Lane.TELEMETRY, seq, lengthFor(seq, length))));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    private static int lengthFor(long seq, int length) {
        return length - length / 20 + (int) (seq * 7919 % (length / 10));
    }

    @Test
    void theFileIsRewrittenWhenItHasGrownFarBeyondTheLiveData() throws Exception {
        MapDbRecordStore store = open(1L << 20);
        appendMany(store, 2_000, 5_000);
        long grown = store.fileSizeBytes();
        assertTrue(grown > 10L << 20, "file grew to " + grown);

        for (long seq = 1; seq <= 1_990; seq++) {
            store.acknowledge(Lane.TELEMETRY, seq);
        }
        awaitTrue("file compacted", () -> store.fileSizeBytes() < 4L << 20);

        List<StoredRecord> left = store.read(Lane.TELEMETRY, 0, 100);
        assertEquals(10, left.size());
        for (StoredRecord r : left) {
            assertArrayEquals(Payloads.sized(Lane.TELEMETRY, r.seq(), lengthFor(r.seq(), 5_000)), r.payload());
        }
        assertEquals(new LaneStats(Lane.TELEMETRY, 10, left.stream().mapToLong(r -> r.payload().length).sum(), 1_991, 2_000, 0),
                store.stats(Lane.TELEMETRY));
        assertEquals(2_001, MapDbRecordStoreTest.append(store, Lane.TELEMETRY).seq());
        store.close();

        MapDbRecordStore reopened = open(1L << 20);
        assertEquals(11, reopened.stats(Lane.TELEMETRY).depth());
        assertTrue(Files.size(dir.resolve("queue.db")) < 4L << 20);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("compact")));
        }
    }

    @Test
    void freedSpaceIsReusedSoASteadyFlowDoesNotGrowTheFile() throws Exception {
        MapDbRecordStore store = open(1L << 40); // never compact: this is about reuse alone
        int window = 200;
        int length = 5_000;
        appendMany(store, window, length);
        long seq = 0;
        for (int round = 0; round < 25; round++) {
            for (int i = 0; i < window; i++) {
                store.acknowledge(Lane.TELEMETRY, ++seq);
            }
            appendMany(store, window, length);
        }
        long finalSeq = seq;
        awaitTrue("acknowledgements applied", () -> store.stats(Lane.TELEMETRY).firstSeq() == finalSeq + 1);

        // 5,200 records of about 5 kB went through (26 MB); about 1 MB is live at any time
        long live = (long) window * length;
        System.out.println("steady flow: file_bytes=" + store.fileSizeBytes() + " live_bytes=" + live);
        assertTrue(store.fileSizeBytes() < 6 * live, "file is " + store.fileSizeBytes() + " bytes");
    }
}
