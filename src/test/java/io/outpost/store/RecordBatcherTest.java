package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.BatchConfig;
import io.outpost.value.Lane;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordBatcherTest {

    private static final TagId TAG = TagId.parse("sim/a");

    @TempDir
    Path dir;

    private final OpenStores stores = new OpenStores();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong storedSamples = new AtomicLong();
    private final AtomicLong refusedSamples = new AtomicLong();
    private final ConcurrentLinkedQueue<Throwable> refusals = new ConcurrentLinkedQueue<>();

    private final RecordBatcher.Outcome outcome = new RecordBatcher.Outcome() {
        @Override
        public void stored(StoredRecord record, int samples) {
            storedSamples.addAndGet(samples);
        }

        @Override
        public void refused(int samples, Throwable cause) {
            refusedSamples.addAndGet(samples);
            refusals.add(cause);
        }
    };

    @AfterEach
    void close() {
        timer.shutdownNow();
        stores.close();
    }

    private static Sample sample(long i) {
        return new Sample(TAG, i, Value.of(i), Quality.GOOD);
    }

    private RecordBatcher batcher(RecordStore store, int maxSamples, Duration maxDelay) {
        return new RecordBatcher(store, new RecordEncoder("gw", "b00t"), new BatchConfig(maxSamples, maxDelay), timer,
                () -> 1_000L, outcome);
    }

    @Test
    void closesARecordAtMaxSamplesInArrivalOrder() throws Exception {
        MapDbRecordStore store = stores.open(dir);
        RecordBatcher batcher = batcher(store, 3, Duration.ofHours(1));
        for (long i = 1; i <= 7; i++) {
            batcher.accept(sample(i));
        }
        batcher.close();
        List<StoredRecord> records = store.read(Lane.TELEMETRY, 0, 10);
        assertEquals(3, records.size());
        assertEquals(List.of(1L, 2L, 3L), records.stream().map(StoredRecord::seq).toList());
        String first = new String(records.get(0).payload(), StandardCharsets.UTF_8);
        assertTrue(first.contains("\"seq\":1,") && first.contains("\"v\":1,") && first.contains("\"v\":3,")
                && !first.contains("\"v\":4,"), first);
        assertEquals(7, storedSamples.get());
    }

    @Test
    void closesAnUnfilledRecordAfterMaxDelay() throws Exception {
        MapDbRecordStore store = stores.open(dir);
        RecordBatcher batcher = batcher(store, 500, Duration.ofMillis(50));
        batcher.accept(sample(1));
        batcher.accept(sample(2));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (storedSamples.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2, storedSamples.get(), "the open record was not closed by its deadline");
        assertEquals(1, store.stats(Lane.TELEMETRY).depth());
        batcher.close();
        assertEquals(1, store.stats(Lane.TELEMETRY).depth(), "nothing left open to flush at close");
    }

    @Test
    void samplesTheStoreRefusesAreCountedWithTheReason() throws Exception {
        MapDbRecordStore store = stores.open(dir);
        RecordBatcher batcher = batcher(store, 2, Duration.ofHours(1));
        store.close();
        batcher.accept(sample(1));
        batcher.accept(sample(2));
        batcher.close();
        assertEquals(2, refusedSamples.get());
        assertEquals(0, storedSamples.get());
        batcher.accept(sample(3));
        assertEquals(3, refusedSamples.get(), "a sample after close is refused, not dropped silently");
        assertEquals(2, refusals.size());
    }
}
