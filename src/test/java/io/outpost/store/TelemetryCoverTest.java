package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.testing.Await;
import io.outpost.testing.TestPayloads;
import io.outpost.value.Lane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The telemetry cover (the time marks) on a real store file: written at most once a second, and no
 * telemetry record leaves the store, acknowledged or dropped, before a write of the cover reaches it.
 */
class TelemetryCoverTest {

    /** Scheduling slack between the writer's clock reading and the cover's own. */
    private static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenStores stores = new OpenStores();

    /** Every call the store made, on the writer thread, in order. */
    private static final class Writes implements TelemetryCover {
        record Write(long upToSeq, long nanos, boolean written) {
        }

        final List<Write> calls = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public boolean cover(long upToSeq) {
            boolean written = !failing;
            calls.add(new Write(upToSeq, System.nanoTime(), written));
            return written;
        }

        long covered() {
            return calls.stream().filter(Write::written).mapToLong(Write::upToSeq).max().orElse(0);
        }

        long lastAsked() {
            return calls.stream().mapToLong(Write::upToSeq).max().orElse(0);
        }
    }

    private MapDbRecordStore openCovered(Writes cover) throws Exception {
        MapDbRecordStore store = stores.open(dir);
        store.coverTelemetry(cover);
        return store;
    }

    private static StoredRecord append(MapDbRecordStore store) throws Exception {
        return store.append(Lane.TELEMETRY, seq -> TestPayloads.record("gw", Lane.TELEMETRY, seq, 5)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theCoverIsWrittenAtMostOnceASecondUnderASteadyAppendLoad() throws Exception {
        Writes cover = new Writes();
        MapDbRecordStore store = openCovered(cover);
        long start = System.nanoTime();
        int records = 0;
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(3_500)) {
            append(store);
            records++;
            Thread.sleep(10);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        List<Writes.Write> calls = List.copyOf(cover.calls);
        assertTrue(records >= 50, "a steady load: " + records + " commits that append");
        assertTrue(calls.size() >= 3 && calls.size() <= seconds + 1,
                calls.size() + " writes for " + records + " commits in " + seconds + " s");
        for (int i = 1; i < calls.size(); i++) {
            long gap = calls.get(i).nanos() - calls.get(i - 1).nanos();
            assertTrue(gap >= TelemetryCoverage.INTERVAL_NANOS - SLACK_NANOS, "write " + i + " came "
                    + TimeUnit.NANOSECONDS.toMillis(gap) + " ms after the one before");
            assertTrue(calls.get(i).upToSeq() > calls.get(i - 1).upToSeq(), "each write reaches further: " + calls);
        }
        assertEquals(1, calls.get(0).upToSeq(), "the first commit that appends writes the cover, reaching its record");
    }

    @Test
    void aRecordAcknowledgedRightAfterItsAppendStaysUntilAWriteOfTheCoverReachesIt() throws Exception {
        Writes cover = new Writes();
        MapDbRecordStore store = openCovered(cover);
        StoredRecord first = append(store);
        StoredRecord second = append(store);
        assertEquals(List.of(1L), cover.calls.stream().map(Writes.Write::upToSeq).toList(),
                "the second record came within the second after the first write: not covered");
        long acknowledged = System.nanoTime();
        store.acknowledge(Lane.TELEMETRY, first.seq());
        store.acknowledge(Lane.TELEMETRY, second.seq());

        List<String> seen = new ArrayList<>();
        long removedAt = 0;
        while (removedAt == 0 && System.nanoTime() - acknowledged < TimeUnit.SECONDS.toNanos(5)) {
            long covered = cover.covered();
            long depth = store.stats(Lane.TELEMETRY).depth();
            long at = System.nanoTime();
            seen.add(TimeUnit.NANOSECONDS.toMillis(at - acknowledged) + " ms: depth " + depth + ", covered " + covered);
            if (depth == 0) {
                removedAt = at;
                // The write reaching the record happens before the commit removing it is published.
                assertTrue(cover.covered() >= second.seq(), "removed before the cover reached it: " + seen);
            }
            Thread.sleep(10);
        }
        assertTrue(removedAt != 0, "the record was removed in the end: " + seen);
        assertTrue(removedAt - cover.calls.get(0).nanos() >= TelemetryCoverage.INTERVAL_NANOS - SLACK_NANOS,
                "it waited for the next write, a second after the first: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.endsWith("depth 1, covered 1")),
                "the covered record went first, the other stayed: " + seen);
    }

    @Test
    void heldAcknowledgementsGoAllTheSameWhenTheWriteFails() throws Exception {
        Writes cover = new Writes();
        MapDbRecordStore store = openCovered(cover);
        append(store);
        cover.failing = true;
        StoredRecord second = append(store);
        store.acknowledge(Lane.TELEMETRY, second.seq());
        Await.until("the acknowledged record removed", Duration.ofSeconds(5),
                () -> store.stats(Lane.TELEMETRY).depth() == 1, cover.calls::toString);
        assertEquals(1, cover.covered());
        assertTrue(cover.lastAsked() >= second.seq(), "a write was tried first: " + cover.calls);
        assertEquals(1, store.read(Lane.TELEMETRY, 0, 10).get(0).seq());
    }

    @Test
    void aCleanCloseWritesTheCoverOnceMoreAndTheHeldAcknowledgementsGoWithIt() throws Exception {
        Writes cover = new Writes();
        MapDbRecordStore store = openCovered(cover);
        append(store);
        StoredRecord second = append(store);
        store.acknowledge(Lane.TELEMETRY, second.seq());
        store.close();
        assertEquals(second.seq(), cover.covered(), "the last write reaches the last record: " + cover.calls);

        MapDbRecordStore reopened = stores.open(dir);
        assertEquals(List.of(1L), reopened.read(Lane.TELEMETRY, 0, 10).stream().map(StoredRecord::seq).toList(),
                "the acknowledged record is gone, the other one stays");
    }

    @Test
    void droppingARecordTheCoverDoesNotReachWritesTheCoverFirst() throws Exception {
        int payload = TestPayloads.record("gw", Lane.TELEMETRY, 1, 5).length;
        Writes cover = new Writes();
        List<String> uncoveredDrops = new CopyOnWriteArrayList<>();
        List<Long> dropped = new CopyOnWriteArrayList<>();
        DropListener drops = (lane, first, last, count, reason) -> {
            for (long seq = first; seq <= last; seq++) {
                dropped.add(seq);
                // Drops are reported after their commit, so the write must have come before.
                if (cover.covered() < seq) {
                    uncoveredDrops.add(seq + " dropped, cover reached " + cover.covered());
                }
            }
        };
        MapDbRecordStore store = stores.open(dir, 3 * StoreSpace.footprint(payload) + 10, OnFull.DROP_OLDEST, drops,
                StoreOptions.defaults());
        store.coverTelemetry(cover);
        for (int i = 0; i < 8; i++) {
            append(store);
        }
        assertTrue(dropped.size() >= 4, "the store dropped records to make room: " + dropped);
        assertEquals(List.of(), uncoveredDrops);
        assertTrue(cover.calls.size() >= 2 && cover.calls.get(1).nanos() - cover.calls.get(0).nanos()
                < TelemetryCoverage.INTERVAL_NANOS, "a drop forced a write within the second: " + cover.calls);
    }
}
