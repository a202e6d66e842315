package io.outpost.store;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.value.Lane;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/**
 * Run by {@link StoreCrashIT} in its own JVM: appends as fast as it can and prints {@code A <lane> <seq>}
 * once an append's future completed, and {@code R <lane> <seq>} just before acknowledging a record.
 * It never ends by itself: the test kills it with SIGKILL.
 *
 * <p>Mode {@code steady} acknowledges each record 300 seqs after it (deletes and slot reuse all the
 * time). Mode {@code compacting} acknowledges what it finds in the store, then fills it with 3,000
 * records and acknowledges them all, over and over, with a small compaction slack, so the file is
 * rewritten again and again.
 *
 * <p>Every alarm record carries a state ({@link Payloads#stateFor}) that names the seq it gets: appended
 * from this one thread, the alarm records take the seqs after the lane's last, in order.
 */
public final class StoreCrashChild {

    private static final int ACK_DISTANCE = 300;
    private static final int FILL = 3_000;

    private StoreCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean compacting = args[1].equals("compacting");
        StoreOptions options = compacting ? StoreOptions.defaults().withCompactionSlackBytes(512L << 10) : StoreOptions.defaults();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
        MapDbRecordStore store = MapDbRecordStore.open(dir, 256L << 20, OnFull.DROP_OLDEST, (l, f, t, c, r) -> { }, options);
        Semaphore inFlight = new Semaphore(512);
        List<StoredRecord> toAcknowledge = new CopyOnWriteArrayList<>();
        if (compacting) {
            // what the last run left: drained first, as an uplink would
            for (Lane lane : Lane.values()) {
                toAcknowledge.addAll(store.read(lane, 0, Integer.MAX_VALUE));
            }
            acknowledgeAll(store, toAcknowledge, out);
        }
        long alarmSeq = store.stats(Lane.ALARMS).lastSeq();
        for (long n = 0; ; n++) {
            inFlight.acquire();
            Lane lane = n % 10 == 0 ? Lane.ALARMS : Lane.TELEMETRY;
            CompletableFuture<StoredRecord> appended = lane == Lane.ALARMS
                    ? store.append(lane, seq -> Payloads.of(lane, seq), Payloads.stateFor(++alarmSeq))
                    : store.append(lane, seq -> Payloads.of(lane, seq));
            appended.whenComplete((record, error) -> {
                inFlight.release();
                if (record == null) {
                    return;
                }
                print(out, "A", lane, record.seq());
                if (compacting) {
                    toAcknowledge.add(record);
                } else if (record.seq() > ACK_DISTANCE) {
                    print(out, "R", lane, record.seq() - ACK_DISTANCE);
                    store.acknowledge(lane, record.seq() - ACK_DISTANCE);
                }
            });
            if (compacting && n % FILL == FILL - 1) {
                appended.join();
                inFlight.acquire(512); // every append of this fill has completed
                inFlight.release(512);
                acknowledgeAll(store, toAcknowledge, out);
            }
        }
    }

    private static void acknowledgeAll(RecordStore store, List<StoredRecord> records, PrintStream out) {
        for (StoredRecord record : records) {
            print(out, "R", record.lane(), record.seq());
            store.acknowledge(record.lane(), record.seq());
        }
        records.clear();
    }

    private static void print(PrintStream out, String kind, Lane lane, long seq) {
        synchronized (out) {
            out.println(kind + " " + lane.wireName() + " " + seq);
            out.flush();
        }
    }
}
