package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.value.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MapDbRecordStoreTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenStores stores = new OpenStores();
    private final DropLog drops = stores.drops;

    private MapDbRecordStore open() throws IOException {
        return stores.open(dir);
    }

    static StoredRecord append(RecordStore store, Lane lane) throws Exception {
        return store.append(lane, seq -> Payloads.of(lane, seq)).get(30, TimeUnit.SECONDS);
    }

    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void assignsSeqsFromOnePerLaneInAppendOrder() throws Exception {
        MapDbRecordStore store = open();
        assertEquals(1, append(store, Lane.TELEMETRY).seq());
        assertEquals(2, append(store, Lane.TELEMETRY).seq());
        assertEquals(1, append(store, Lane.ALARMS).seq());
        assertEquals(3, append(store, Lane.TELEMETRY).seq());
        assertEquals(1, append(store, Lane.EVENTS).seq());
    }

    @Test
    void storedRecordCarriesThePayloadBuiltForItsSeq() throws Exception {
        MapDbRecordStore store = open();
        StoredRecord record = append(store, Lane.EVENTS);
        assertEquals(Lane.EVENTS, record.lane());
        assertArrayEquals(Payloads.of(Lane.EVENTS, record.seq()), record.payload());
    }

    @Test
    void readReturnsRecordsAfterTheGivenSeqInOrderUpToMax() throws Exception {
        MapDbRecordStore store = open();
        for (int i = 0; i < 300; i++) {
            append(store, Lane.TELEMETRY);
        }
        List<StoredRecord> page = store.read(Lane.TELEMETRY, 100, 150);
        assertEquals(150, page.size());
        for (int i = 0; i < page.size(); i++) {
            assertEquals(101 + i, page.get(i).seq());
            assertArrayEquals(Payloads.of(Lane.TELEMETRY, 101 + i), page.get(i).payload());
        }
        assertEquals(300, store.read(Lane.TELEMETRY, 0, 1000).size());
        assertEquals(1, store.read(Lane.TELEMETRY, 0, 1).get(0).seq());
        assertTrue(store.read(Lane.TELEMETRY, 300, 10).isEmpty());
        assertTrue(store.read(Lane.TELEMETRY, 0, 0).isEmpty());
        assertTrue(store.read(Lane.ALARMS, 0, 10).isEmpty());
    }

    @Test
    void acknowledgeRemovesTheRecordAndUpdatesStats() throws Exception {
        MapDbRecordStore store = open();
        List<StoredRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(append(store, Lane.TELEMETRY));
        }
        long bytes = records.stream().mapToLong(r -> r.payload().length).sum();
        assertEquals(new LaneStats(Lane.TELEMETRY, 5, bytes, 1, 5, 0), store.stats(Lane.TELEMETRY));

        store.acknowledge(Lane.TELEMETRY, 1);
        store.acknowledge(Lane.TELEMETRY, 3);
        store.acknowledge(Lane.TELEMETRY, 42); // unknown: ignored
        awaitTrue("acknowledgements applied", () -> store.stats(Lane.TELEMETRY).depth() == 3);

        long left = bytes - records.get(0).payload().length - records.get(2).payload().length;
        assertEquals(new LaneStats(Lane.TELEMETRY, 3, left, 2, 5, 0), store.stats(Lane.TELEMETRY));
        assertEquals(List.of(2L, 4L, 5L), store.read(Lane.TELEMETRY, 0, 10).stream().map(StoredRecord::seq).toList());
    }

    @Test
    void recordsAndSeqsSurviveCloseAndReopen() throws Exception {
        MapDbRecordStore store = open();
        for (int i = 0; i < 200; i++) {
            append(store, Lane.TELEMETRY);
        }
        append(store, Lane.ALARMS);
        store.acknowledge(Lane.TELEMETRY, 1);
        store.close();

        MapDbRecordStore reopened = open();
        assertEquals(199, reopened.stats(Lane.TELEMETRY).depth());
        assertEquals(2, reopened.stats(Lane.TELEMETRY).firstSeq());
        assertEquals(200, reopened.stats(Lane.TELEMETRY).lastSeq());
        List<StoredRecord> records = reopened.read(Lane.TELEMETRY, 0, 1000);
        for (StoredRecord r : records) {
            assertArrayEquals(Payloads.of(Lane.TELEMETRY, r.seq()), r.payload());
        }
        assertEquals(201, append(reopened, Lane.TELEMETRY).seq());
        assertEquals(2, append(reopened, Lane.ALARMS).seq());
        assertTrue(reopened.recoveredFrom().isEmpty());
    }

    @Test
    void seqNeverGoesBackWhenEveryRecordWasAcknowledged() throws Exception {
        MapDbRecordStore store = open();
        for (int i = 0; i < 10; i++) {
            StoredRecord r = append(store, Lane.EVENTS);
            store.acknowledge(Lane.EVENTS, r.seq());
        }
        store.close();

        MapDbRecordStore reopened = open();
        assertEquals(0, reopened.stats(Lane.EVENTS).depth());
        assertEquals(10, reopened.stats(Lane.EVENTS).lastSeq());
        assertEquals(11, append(reopened, Lane.EVENTS).seq());
    }

    @Test
    void closeStoresEverythingAlreadyQueued() throws Exception {
        MapDbRecordStore store = open();
        List<CompletableFuture<StoredRecord>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(store.append(Lane.TELEMETRY, seq -> Payloads.of(Lane.TELEMETRY, seq)));
        }
        store.close();
        for (CompletableFuture<StoredRecord> f : futures) {
            assertTrue(f.isDone());
            f.get();
        }
        assertEquals(500, open().stats(Lane.TELEMETRY).depth());
    }

    @Test
    void appendAfterCloseFails() throws Exception {
        MapDbRecordStore store = open();
        store.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> store.append(Lane.ALARMS, seq -> new byte[1]).get(30, TimeUnit.SECONDS));
        assertInstanceOf(StoreUnavailableException.class, e.getCause());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertThrows(IllegalStateException.class, () -> store.read(Lane.ALARMS, 0, 1));
    }

    @Test
    void theTelemetryCoverIsWrittenBeforeTheCommitWhoseRecordsItReaches() throws Exception {
        MapDbRecordStore store = open();
        List<String> seenByCover = new CopyOnWriteArrayList<>();
        store.coverTelemetry(upToSeq -> seenByCover.add("up to " + upToSeq + ", depth "
                + store.stats(Lane.TELEMETRY).depth()));
        append(store, Lane.EVENTS);
        assertEquals(List.of(), seenByCover, "an event carries no samples");
        append(store, Lane.TELEMETRY);
        assertEquals(List.of("up to 1, depth 0"), seenByCover, "written before its record is in the store");
    }

    @Test
    void onAppendedRunsAfterTheCommitThatAddedRecords() throws Exception {
        MapDbRecordStore store = open();
        List<Integer> seenByListener = new CopyOnWriteArrayList<>();
        store.onAppended(() -> seenByListener.add(store.read(Lane.ALARMS, 0, 100).size()));
        append(store, Lane.ALARMS);
        awaitTrue("listener ran", () -> !seenByListener.isEmpty());
        assertEquals(1, seenByListener.get(0));

        seenByListener.clear();
        store.acknowledge(Lane.ALARMS, 1);
        awaitTrue("ack applied", () -> store.stats(Lane.ALARMS).depth() == 0);
        assertTrue(seenByListener.isEmpty(), "no records were added by the acknowledgement");
    }

    @Test
    void failingPayloadFunctionFailsOnlyThatRecordAndKeepsItsSeqForTheNext() throws Exception {
        MapDbRecordStore store = open();
        append(store, Lane.TELEMETRY);
        CompletableFuture<StoredRecord> failing = store.append(Lane.TELEMETRY, seq -> {
            throw new IllegalStateException("encoder broke");
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(30, TimeUnit.SECONDS));
        assertEquals("encoder broke", e.getCause().getMessage());
        assertEquals(2, append(store, Lane.TELEMETRY).seq());
    }

    @Test
    void anAppendFailsAfterTheEnqueueTimeoutWhileTheWriterIsBehindAndNothingIsLost() throws Exception {
        StoreOptions options = new StoreOptions(4, Duration.ofMillis(200), 1000, 4L << 20, 16L << 20);
        MapDbRecordStore store = stores.open(dir, OpenStores.ROOMY, OnFull.DROP_OLDEST, drops, options);
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<StoredRecord> blocker = store.append(Lane.EVENTS, seq -> {
            writerHeld.countDown();
            awaitQuietly(release); // holds the writer thread, as a stalled disk would
            return new byte[] {1};
        });
        assertTrue(writerHeld.await(30, TimeUnit.SECONDS));
        List<CompletableFuture<StoredRecord>> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(store.append(Lane.EVENTS, seq -> Payloads.of(Lane.EVENTS, seq)));
        }

        CompletableFuture<StoredRecord> refused = store.append(Lane.EVENTS, seq -> Payloads.of(Lane.EVENTS, seq));

        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(30, TimeUnit.SECONDS));
        assertInstanceOf(StoreUnavailableException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("writer is behind"), e.getCause().getMessage());
        release.countDown();
        assertEquals(1, blocker.get(30, TimeUnit.SECONDS).seq());
        for (int i = 0; i < queued.size(); i++) {
            assertEquals(2 + i, queued.get(i).get(30, TimeUnit.SECONDS).seq());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void concurrentProducersAndAReaderSeeEveryRecordOnceInOrder() throws Exception {
        MapDbRecordStore store = open();
        int producers = 4;
        int perProducer = 2_000;
        AtomicBoolean failed = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                List<CompletableFuture<StoredRecord>> futures = new ArrayList<>();
                for (int i = 0; i < perProducer; i++) {
                    futures.add(store.append(Lane.TELEMETRY, seq -> Payloads.of(Lane.TELEMETRY, seq)));
                }
                futures.forEach(f -> {
                    if (f.handle((r, err) -> err != null).join()) {
                        failed.set(true);
                    }
                });
            }, "producer-" + p);
            threads.add(t);
            t.start();
        }
        AtomicInteger received = new AtomicInteger();
        long after = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.get() < producers * perProducer && System.nanoTime() < deadline) {
            List<StoredRecord> page = store.read(Lane.TELEMETRY, after, 97);
            for (StoredRecord r : page) {
                assertEquals(after + 1, r.seq(), "records come in seq order without gaps");
                assertArrayEquals(Payloads.of(Lane.TELEMETRY, r.seq()), r.payload());
                store.acknowledge(Lane.TELEMETRY, r.seq());
                after = r.seq();
                received.incrementAndGet();
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        assertFalse(failed.get());
        assertEquals(producers * perProducer, received.get());
        awaitTrue("all acknowledged", () -> store.stats(Lane.TELEMETRY).depth() == 0);
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefusedAndTouchesNothing() throws Exception {
        MapDbRecordStore store = open();
        append(store, Lane.ALARMS);
        assertThrows(StoreInUseException.class, () -> MapDbRecordStore.open(dir, OpenStores.ROOMY, OnFull.DROP_OLDEST, drops));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("corrupt")));
        }
        assertEquals(2, append(store, Lane.ALARMS).seq());
    }

    @Test
    void aLongQueueIsRecoveredWithItsCounters() throws Exception {
        MapDbRecordStore store = open();
        int count = 20_000;
        List<CompletableFuture<StoredRecord>> futures = new ArrayList<>();
        long bytes = 0;
        for (int i = 1; i <= count; i++) {
            futures.add(store.append(Lane.TELEMETRY, seq -> Payloads.of(Lane.TELEMETRY, seq)));
            bytes += Payloads.of(Lane.TELEMETRY, i).length;
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (long seq = 1; seq <= 1000; seq++) {
            store.acknowledge(Lane.TELEMETRY, seq);
            bytes -= Payloads.of(Lane.TELEMETRY, seq).length;
        }
        store.close();

        MapDbRecordStore reopened = open();
        assertEquals(new LaneStats(Lane.TELEMETRY, count - 1000, bytes, 1001, count, 0), reopened.stats(Lane.TELEMETRY));
        StoredRecord last = reopened.read(Lane.TELEMETRY, count - 1, 10).get(0);
        assertArrayEquals(Payloads.of(Lane.TELEMETRY, count), last.payload());
    }

    @Test
    void appendsStillCommitWhileTheFeedNeverStopsTakingSamples() throws Exception {
        MapDbRecordStore store = open();
        store.feedFrom(new RecordFeed() {
            @Override
            public long lastSampleNanos() {
                return System.nanoTime();
            }

            @Override
            public boolean filling() {
                return true;
            }
        });
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, append(store, Lane.TELEMETRY).seq());
        }
        assertEquals(1, append(store, Lane.ALARMS).seq());
        assertEquals(5, store.stats(Lane.TELEMETRY).depth());
    }
}
