package io.outpost.store;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.value.Lane;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link StoreDiskFullIT} under a file size limit ({@code ulimit -f}), which makes writes past
 * it fail with "File too large" the way a full disk fails them with "No space left on device".
 * Appends until the store refuses, tries once more, acknowledges old records to free space inside
 * the file, appends again, then reopens and checks what it kept. Prints one line per step.
 */
public final class StoreDiskFullChild {

    static final int RECORD = 20_000;

    private StoreDiskFullChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Long> stored = new ArrayList<>();
        try (MapDbRecordStore store = MapDbRecordStore.open(dir, 1L << 30, OnFull.DROP_OLDEST, (l, f, t, c, r) -> { })) {
            String failure = null;
            while (failure == null && stored.size() < 10_000) {
                failure = appendOne(store, stored);
            }
            System.out.println("FULL after=" + stored.size() + " error=" + failure);
            System.out.println("AGAIN error=" + appendOne(store, stored));

            int freed = 40;
            for (int i = 0; i < freed; i++) {
                store.acknowledge(Lane.TELEMETRY, stored.get(i));
            }
            long expectedDepth = stored.size() - freed;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (store.stats(Lane.TELEMETRY).depth() != expectedDepth && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            System.out.println("FREED depth=" + store.stats(Lane.TELEMETRY).depth());
            for (int i = 0; i < 10; i++) {
                String error = appendOne(store, stored);
                System.out.println(error == null ? "STORED seq=" + stored.get(stored.size() - 1) : "REFUSED error=" + error);
            }
        }
        try (MapDbRecordStore reopened = MapDbRecordStore.open(dir, 1L << 30, OnFull.DROP_OLDEST, (l, f, t, c, r) -> { })) {
            List<StoredRecord> kept = reopened.read(Lane.TELEMETRY, 0, 100_000);
            boolean intact = kept.stream().allMatch(r -> Arrays.equals(r.payload(), Payloads.sized(Lane.TELEMETRY, r.seq(), RECORD)));
            List<Long> keptSeqs = kept.stream().map(StoredRecord::seq).toList();
            System.out.println("REOPENED records=" + kept.size() + " intact=" + intact
                    + " all_stored_present=" + keptSeqs.equals(stored.subList(40, stored.size())));
        }
    }

    /** Appends one record; returns null when stored, else the failure's type and message. */
    private static String appendOne(MapDbRecordStore store, List<Long> stored) throws Exception {
        try {
            stored.add(store.append(Lane.TELEMETRY, seq -> Payloads.sized(Lane.TELEMETRY, seq, RECORD))
                    .get(30, TimeUnit.SECONDS).seq());
            return null;
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
        }
    }
}
